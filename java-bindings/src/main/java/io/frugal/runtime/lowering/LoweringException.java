package io.frugal.runtime.lowering;

/** A node the compiler cannot lower; the message names the node, its operator and what is wrong. */
public final class LoweringException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LoweringException(String message) {
        super(message);
    }

    public LoweringException(String message, Throwable cause) {
        super(message, cause);
    }
}
