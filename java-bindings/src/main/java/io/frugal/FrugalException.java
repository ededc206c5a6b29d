package io.frugal;

/**
 * A failure reported by the native library: the {@link ErrorCode} mirrors the C status and the
 * message is the native one (it names the operator and what was wrong).
 *
 * <p>Unchecked, as DJL's engine exceptions are: most callers cannot recover from a kernel that
 * refuses a problem. Arguments are validated in Java before any native call; those failures are
 * {@link IllegalArgumentException}, {@link NullPointerException} or {@link IllegalStateException}.
 */
public class FrugalException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public FrugalException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /** The native status code. */
    public ErrorCode code() {
        return code;
    }
}
