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
}
