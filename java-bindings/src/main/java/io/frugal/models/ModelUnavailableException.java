package io.frugal.models;

import java.io.IOException;

/**
 * The models cannot be fetched here: npm is missing, the registry is unreachable, or npm failed or
 * timed out. Tests that need real models skip with this message.
 */
public class ModelUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelUnavailableException(String message) {
        super(message);
    }

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
