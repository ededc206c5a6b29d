package io.frugal;

/** Argument checks shared by the operator parameter records; messages start with the operator. */
final class Checks {
    private Checks() {}

    static void positive(String op, String name, long v) {
        if (v <= 0) throw new IllegalArgumentException(op + ": " + name + " must be positive, got " + v);
    }

    static void notNegative(String op, String name, long v) {
        if (v < 0) throw new IllegalArgumentException(op + ": " + name + " must not be negative, got " + v);
    }

    /**
     * A copy of a dense F32 tensor's shape, checked: not null, rank minRank to maxRank, every
     * dimension positive, the byte size within 64 bits.
     */
    static long[] f32Shape(String op, String name, long[] shape, int minRank, int maxRank) {
        java.util.Objects.requireNonNull(shape, op + ": " + name + " is null");
        long[] s = shape.clone();
        if (s.length < minRank || s.length > maxRank) {
            throw new IllegalArgumentException(op + ": " + name + " rank " + s.length + " must be " + minRank + " to " + maxRank);
        }
        for (int i = 0; i < s.length; i++) {
            if (s[i] <= 0) {
                throw new IllegalArgumentException(op + ": " + name + " dimension " + i + " must be positive, got " + s[i]
                        + " in " + java.util.Arrays.toString(s));
            }
        }
        fitsF32(op, name, s);
        return s;
    }

    /** Refuses a dense F32 tensor of this shape whose byte size overflows 64 bits. */
    static void fitsF32(String op, String name, long[] shape) {
        try {
            Math.multiplyExact(Tensor.elementCount(shape), 4L);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(op + ": " + name + " " + java.util.Arrays.toString(shape) + " overflows 64 bits");
        }
    }
}
