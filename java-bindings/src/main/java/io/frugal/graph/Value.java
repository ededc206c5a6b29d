package io.frugal.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A named, typed tensor value of a graph (a graph input or output, or an intermediate with known
 * type information). Immutable.
 *
 * <p>The shape is optional: {@link #hasRank()} is false when not even the rank is known. A known
 * rank may hold unknown dimensions, stored as {@code -1}; such a dimension may carry a symbolic
 * name (ONNX's {@code dim_param}, e.g. {@code "N"}).
 */
public final class Value {
    /** The marker of an unknown dimension. */
    public static final long UNKNOWN_DIM = -1;

    private final String name;
    private final ElementType elementType;
    private final long[] shape;
    private final List<String> dimNames;

    private Value(String name, ElementType elementType, long[] shape, List<String> dimNames) {
        this.name = Objects.requireNonNull(name, "name");
        this.elementType = Objects.requireNonNull(elementType, "elementType");
        this.shape = shape;
        this.dimNames = dimNames;
    }

    /** A value whose rank is unknown. */
    public static Value unranked(String name, ElementType elementType) {
        return new Value(name, elementType, null, List.of());
    }

    /** A value with known dimensions ({@code -1} for unknown ones) and no symbolic names. */
    public static Value of(String name, ElementType elementType, long... shape) {
        return of(name, elementType, shape, null);
    }

    /**
     * A value with a known rank.
     *
     * @param shape dimensions, {@code -1} for unknown
     * @param dimNames a symbolic name per dimension ({@code null} or "" for none), or {@code null}
     * @throws IllegalArgumentException if a dimension is below -1 or the names do not match the rank
     */
    public static Value of(String name, ElementType elementType, long[] shape, List<String> dimNames) {
        Objects.requireNonNull(shape, "shape");
        for (long d : shape) {
            if (d < UNKNOWN_DIM) {
                throw new IllegalArgumentException("value '" + name + "': dimension " + d + " in "
                        + Arrays.toString(shape) + " (use -1 for unknown)");
            }
        }
        List<String> names = new ArrayList<>(shape.length);
        if (dimNames == null) {
            names.addAll(Collections.nCopies(shape.length, ""));
        } else {
            if (dimNames.size() != shape.length) {
                throw new IllegalArgumentException("value '" + name + "': " + dimNames.size()
                        + " dimension names for rank " + shape.length);
            }
            for (String n : dimNames) {
                names.add(n == null ? "" : n);
            }
        }
        return new Value(name, elementType, shape.clone(), Collections.unmodifiableList(names));
    }

    public String name() {
        return name;
    }

    public ElementType elementType() {
        return elementType;
    }

    /** True when the rank is known. */
    public boolean hasRank() {
        return shape != null;
    }

    /** The rank. @throws IllegalStateException if unknown */
    public int rank() {
        return requireShape().length;
    }

    /** A copy of the dimensions, {@code -1} for unknown ones. @throws IllegalStateException if the rank is unknown */
    public long[] shape() {
        return requireShape().clone();
    }

    /** The symbolic name of each dimension, "" where there is none (empty if the rank is unknown). */
    public List<String> dimNames() {
        return dimNames;
    }

    /** True when the rank and every dimension are known. */
    public boolean isFullyKnown() {
        if (shape == null) {
            return false;
        }
        for (long d : shape) {
            if (d == UNKNOWN_DIM) {
                return false;
            }
        }
        return true;
    }

    /** The shape as people write it: {@code [N,3,?,192]}, or {@code ?} when the rank is unknown. */
    public String shapeString() {
        if (shape == null) {
            return "?";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (shape[i] != UNKNOWN_DIM) {
                sb.append(shape[i]);
            } else {
                sb.append(dimNames.get(i).isEmpty() ? "?" : dimNames.get(i));
            }
        }
        return sb.append(']').toString();
    }

    private long[] requireShape() {
        if (shape == null) {
            throw new IllegalStateException("value '" + name + "' has an unknown rank");
        }
        return shape;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Value v && name.equals(v.name) && elementType == v.elementType
                && Arrays.equals(shape, v.shape) && dimNames.equals(v.dimNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, elementType, Arrays.hashCode(shape), dimNames);
    }

    @Override
    public String toString() {
        return name + ": " + elementType + " " + shapeString();
    }
}
