package io.frugal;

/** Mirrors the status codes of {@code frugal.h}; the ids are kept in sync with the C ABI. */
public enum ErrorCode {
    INVALID_ARGUMENT(1),
    UNIMPLEMENTED(2),
    UNSUPPORTED_ISA(3),
    OUT_OF_MEMORY(4),
    NO_DEVICE(5),
    RUNTIME_ERROR(6),
    UNKNOWN(-1);

    private final int value;

    ErrorCode(int value) {
        this.value = value;
    }

    /** The C status value. */
    public int value() {
        return value;
    }

    static ErrorCode of(int status) {
        for (ErrorCode c : values()) {
            if (c.value == status) return c;
        }
        return UNKNOWN;
    }
}
