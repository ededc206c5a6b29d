package io.frugal.models;

import java.io.IOException;

/** A fetched model is not the expected file: wrong size or sha256, or missing from the package. */
public class ModelIntegrityException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelIntegrityException(String message) {
        super(message);
    }
}
