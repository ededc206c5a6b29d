package io.frugal.graph;

import java.util.List;
import java.util.Objects;

/** A typed node attribute: one of the {@link Kind}s. Immutable. */
public final class Attribute {
    /** What an attribute holds. */
    public enum Kind { FLOAT, INT, STRING, TENSOR, FLOATS, INTS, STRINGS }

    private final Kind kind;
    private final Object value;

    private Attribute(Kind kind, Object value) {
        this.kind = kind;
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Attribute of(float v) {
        return new Attribute(Kind.FLOAT, v);
    }

    public static Attribute of(long v) {
        return new Attribute(Kind.INT, v);
    }

    public static Attribute of(String v) {
        return new Attribute(Kind.STRING, v);
    }

    public static Attribute of(ConstantTensor v) {
        return new Attribute(Kind.TENSOR, v);
    }

    public static Attribute ofFloats(float... v) {
        return new Attribute(Kind.FLOATS, v.clone());
    }

    public static Attribute ofInts(long... v) {
        return new Attribute(Kind.INTS, v.clone());
    }

    public static Attribute ofStrings(List<String> v) {
        return new Attribute(Kind.STRINGS, List.copyOf(v));
    }

    public Kind kind() {
        return kind;
    }

    /** @throws IllegalStateException if this is not a FLOAT */
    public float asFloat() {
        return (Float) expect(Kind.FLOAT);
    }

    /** @throws IllegalStateException if this is not an INT */
    public long asInt() {
        return (Long) expect(Kind.INT);
    }

    /** @throws IllegalStateException if this is not a STRING */
    public String asString() {
        return (String) expect(Kind.STRING);
    }

    /** @throws IllegalStateException if this is not a TENSOR */
    public ConstantTensor asTensor() {
        return (ConstantTensor) expect(Kind.TENSOR);
    }

    /** A copy. @throws IllegalStateException if this is not FLOATS */
    public float[] asFloats() {
        return ((float[]) expect(Kind.FLOATS)).clone();
    }

    /** A copy. @throws IllegalStateException if this is not INTS */
    public long[] asInts() {
        return ((long[]) expect(Kind.INTS)).clone();
    }

    /** @throws IllegalStateException if this is not STRINGS */
    @SuppressWarnings("unchecked")
    public List<String> asStrings() {
        return (List<String>) expect(Kind.STRINGS);
    }

    private Object expect(Kind k) {
        if (kind != k) {
            throw new IllegalStateException("attribute holds " + kind + ", not " + k);
        }
        return value;
    }

    @Override
    public String toString() {
        switch (kind) {
            case FLOATS: return java.util.Arrays.toString((float[]) value);
            case INTS: return java.util.Arrays.toString((long[]) value);
            case STRING: return '"' + (String) value + '"';
            default: return String.valueOf(value);
        }
    }
}
