package io.frugal.passes;

import io.frugal.graph.ConstantTensor;
import io.frugal.graph.ElementType;
import io.frugal.graph.Node;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Evaluates small constant computations (shape arithmetic and friends) on {@link ConstantTensor}s.
 * The output shape is given by the caller (from {@link ShapeInference}), so data-movement ops only
 * move data. Supported element types: FLOAT, INT64, INT32 and BOOL.
 */
final class ConstEval {
    /** Ops {@link #eval} can compute. */
    static final Set<String> OPS = Set.of("Identity", "Gather", "Slice", "Concat", "Unsqueeze", "Squeeze", "Cast",
            "Reshape", "Flatten", "Add", "Sub", "Mul", "Div", "Neg", "Equal", "Less", "Greater", "ConstantOfShape",
            "Range", "Sqrt", "Max", "Min");

    private ConstEval() {
    }

    static boolean supported(ElementType t) {
        return t == ElementType.FLOAT || t == ElementType.INT64 || t == ElementType.INT32 || t == ElementType.BOOL;
    }

    /**
     * The value of the node's first output, or null if this op or these types cannot be evaluated.
     * {@code ins} holds null for omitted optional inputs.
     */
    static ConstantTensor eval(Node n, long opset, List<ConstantTensor> ins, ElementType outType, long[] outShape) {
        if (!OPS.contains(n.opType()) || !n.domain().isEmpty() || !supported(outType)) {
            return null;
        }
        for (ConstantTensor t : ins) {
            if (t != null && !supported(t.elementType())) {
                return null;
            }
        }
        ConstantTensor x = ins.isEmpty() ? null : ins.get(0);
        switch (n.opType()) {
            case "Identity":
            case "Reshape":
            case "Flatten":
            case "Squeeze":
            case "Unsqueeze":
                return make(outType, outShape, x.toLongArray(), x.toFloatArray());
            case "Cast":
                return make(outType, outShape, x.toLongArray(), x.toFloatArray());
            case "Neg": {
                long[] l = x.toLongArray();
                float[] f = x.toFloatArray();
                for (int i = 0; i < l.length; i++) {
                    l[i] = -l[i];
                    f[i] = -f[i];
                }
                return make(outType, outShape, l, f);
            }
            case "Sqrt": {
                float[] f = x.toFloatArray();
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) Math.sqrt(f[i]);
                }
                return make(outType, outShape, null, f);
            }
            case "Add": case "Sub": case "Mul": case "Div": case "Equal": case "Less": case "Greater":
            case "Max": case "Min": {
                ConstantTensor acc = ins.get(0);
                for (int k = 1; k < ins.size(); k++) {
                    long[] s = k == ins.size() - 1 ? outShape
                            : ShapeInference.broadcast(n, opset, acc.shape(), ins.get(k).shape());
                    ElementType t = k == ins.size() - 1 ? outType : acc.elementType();
                    acc = binary(n.opType(), acc, ins.get(k), t, s);
                }
                return acc;
            }
            case "Concat": {
                int rank = outShape.length;
                int axis = (int) ShapeInference.normAxis(n, opset, n.intAttr("axis", 0), rank);
                long outer = 1;
                for (int i = 0; i < axis; i++) {
                    outer *= outShape[i];
                }
                int total = (int) ConstantTensor.numElements(outShape);
                long[] l = new long[total];
                float[] f = new float[total];
                int p = 0;
                long[][] ls = new long[ins.size()][];
                float[][] fs = new float[ins.size()][];
                for (int k = 0; k < ins.size(); k++) {
                    ls[k] = ins.get(k).toLongArray();
                    fs[k] = ins.get(k).toFloatArray();
                }
                for (long o = 0; o < outer; o++) {
                    for (int k = 0; k < ins.size(); k++) {
                        int chunk = (int) (ls[k].length / Math.max(outer, 1));
                        System.arraycopy(ls[k], (int) (o * chunk), l, p, chunk);
                        System.arraycopy(fs[k], (int) (o * chunk), f, p, chunk);
                        p += chunk;
                    }
                }
                return make(outType, outShape, l, f);
            }
            case "Gather": {
                long[] ds = x.shape();
                int axis = (int) ShapeInference.normAxis(n, opset, n.intAttr("axis", 0), ds.length);
                long outer = 1;
                long inner = 1;
                for (int i = 0; i < axis; i++) {
                    outer *= ds[i];
                }
                for (int i = axis + 1; i < ds.length; i++) {
                    inner *= ds[i];
                }
                long[] idx = ins.get(1).toLongArray();
                long[] dl = x.toLongArray();
                float[] df = x.toFloatArray();
                int total = (int) ConstantTensor.numElements(outShape);
                long[] l = new long[total];
                float[] f = new float[total];
                int p = 0;
                for (long o = 0; o < outer; o++) {
                    for (long j : idx) {
                        long jj = j < 0 ? j + ds[axis] : j;
                        if (jj < 0 || jj >= ds[axis]) {
                            throw new PassException("ConstEval", n, opset, "index " + j + " out of range for dimension " + ds[axis]);
                        }
                        int src = (int) ((o * ds[axis] + jj) * inner);
                        System.arraycopy(dl, src, l, p, (int) inner);
                        System.arraycopy(df, src, f, p, (int) inner);
                        p += (int) inner;
                    }
                }
                return make(outType, outShape, l, f);
            }
            case "Slice": {
                long[] ds = x.shape();
                long[][] sse = ShapeInference.sliceParams(n, opset, ds, ins);
                long[] starts = sse[0];
                long[] steps = sse[1];
                long[] dl = x.toLongArray();
                float[] df = x.toFloatArray();
                int total = (int) ConstantTensor.numElements(outShape);
                long[] l = new long[total];
                float[] f = new float[total];
                long[] inStrides = strides(ds);
                int[] idx = new int[outShape.length];
                for (int p = 0; p < total; p++) {
                    long src = 0;
                    for (int d = 0; d < idx.length; d++) {
                        src += (starts[d] + idx[d] * steps[d]) * inStrides[d];
                    }
                    l[p] = dl[(int) src];
                    f[p] = df[(int) src];
                    for (int d = idx.length - 1; d >= 0; d--) {
                        if (++idx[d] < outShape[d]) {
                            break;
                        }
                        idx[d] = 0;
                    }
                }
                return make(outType, outShape, l, f);
            }
            case "ConstantOfShape": {
                int total = (int) ConstantTensor.numElements(outShape);
                long lv = 0;
                float fv = 0;
                if (n.attribute("value").isPresent()) {
                    ConstantTensor v = n.attribute("value").get().asTensor();
                    lv = v.longAt(0);
                    fv = v.floatAt(0);
                }
                long[] l = new long[total];
                float[] f = new float[total];
                Arrays.fill(l, lv);
                Arrays.fill(f, fv);
                return make(outType, outShape, l, f);
            }
            case "Range": {
                int total = (int) ConstantTensor.numElements(outShape);
                long[] l = new long[total];
                float[] f = new float[total];
                for (int i = 0; i < total; i++) {
                    l[i] = ins.get(0).longAt(0) + i * ins.get(2).longAt(0);
                    f[i] = ins.get(0).floatAt(0) + i * ins.get(2).floatAt(0);
                }
                return make(outType, outShape, l, f);
            }
            default:
                return null;
        }
    }

    private static ConstantTensor binary(String op, ConstantTensor a, ConstantTensor b, ElementType outType, long[] outShape) {
        int total = (int) ConstantTensor.numElements(outShape);
        boolean fl = a.elementType() == ElementType.FLOAT;
        long[] al = a.toLongArray();
        long[] bl = b.toLongArray();
        float[] af = a.toFloatArray();
        float[] bf = b.toFloatArray();
        long[] as = bstrides(a.shape(), outShape);
        long[] bs = bstrides(b.shape(), outShape);
        long[] l = new long[total];
        float[] f = new float[total];
        int[] idx = new int[outShape.length];
        for (int p = 0; p < total; p++) {
            int ia = 0;
            int ib = 0;
            for (int d = 0; d < idx.length; d++) {
                ia += idx[d] * as[d];
                ib += idx[d] * bs[d];
            }
            if (fl) {
                float x = af[ia];
                float y = bf[ib];
                float r;
                switch (op) {
                    case "Add": r = x + y; break;
                    case "Sub": r = x - y; break;
                    case "Mul": r = x * y; break;
                    case "Div": r = x / y; break;
                    case "Max": r = Math.max(x, y); break;
                    case "Min": r = Math.min(x, y); break;
                    case "Equal": r = x == y ? 1 : 0; break;
                    case "Less": r = x < y ? 1 : 0; break;
                    default: r = x > y ? 1 : 0; break;
                }
                f[p] = r;
                l[p] = (long) r;
            } else {
                long x = al[ia];
                long y = bl[ib];
                long r;
                switch (op) {
                    case "Add": r = x + y; break;
                    case "Sub": r = x - y; break;
                    case "Mul": r = x * y; break;
                    case "Div": r = y == 0 ? 0 : x / y; break;
                    case "Max": r = Math.max(x, y); break;
                    case "Min": r = Math.min(x, y); break;
                    case "Equal": r = x == y ? 1 : 0; break;
                    case "Less": r = x < y ? 1 : 0; break;
                    default: r = x > y ? 1 : 0; break;
                }
                l[p] = r;
                f[p] = r;
            }
            for (int d = idx.length - 1; d >= 0; d--) {
                if (++idx[d] < outShape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return make(outType, outShape, l, f);
    }

    static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Strides of {@code shape} broadcast to {@code out} (0 along broadcast dimensions). */
    private static long[] bstrides(long[] shape, long[] out) {
        long[] s = strides(shape);
        long[] r = new long[out.length];
        int off = out.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            r[off + i] = shape[i] == 1 ? 0 : s[i];
        }
        return r;
    }

    /** A tensor of the type from longs (integer types, BOOL) or floats (FLOAT). */
    static ConstantTensor make(ElementType t, long[] shape, long[] l, float[] f) {
        switch (t) {
            case FLOAT: return ConstantTensor.ofFloats(shape, f != null ? f : toFloats(l));
            case INT64: return ConstantTensor.ofLongs(shape, l != null ? l : toLongs(f));
            case INT32: {
                long[] v = l != null ? l : toLongs(f);
                int[] i = new int[v.length];
                for (int k = 0; k < v.length; k++) {
                    i[k] = (int) v[k];
                }
                return ConstantTensor.ofInts(shape, i);
            }
            case BOOL: {
                long[] v = l != null ? l : toLongs(f);
                ByteBuffer b = ByteBuffer.allocate(v.length).order(ByteOrder.LITTLE_ENDIAN);
                for (long x : v) {
                    b.put((byte) (x != 0 ? 1 : 0));
                }
                return ConstantTensor.of(ElementType.BOOL, shape, b.array());
            }
            default: throw new IllegalArgumentException("no constant evaluation for " + t);
        }
    }

    private static float[] toFloats(long[] l) {
        float[] f = new float[l.length];
        for (int i = 0; i < l.length; i++) {
            f[i] = l[i];
        }
        return f;
    }

    private static long[] toLongs(float[] f) {
        long[] l = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            l[i] = (long) f[i];
        }
        return l;
    }
}
