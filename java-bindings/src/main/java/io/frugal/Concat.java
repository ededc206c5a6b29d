package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An fp32 concat (ONNX Concat) of 1 to 64 tensors along one axis, for one list of input shapes.
 *
 * <pre>{@code
 * try (Concat cat = Concat.create(ConcatParams.of(1, new long[] {1, 96, 40, 40}, new long[] {1, 96, 40, 40}));
 *      Tensor y = cat.run(a, b)) { ... }
 * }</pre>
 */
public final class Concat extends NativeOp {
    private final ConcatParams params;
    private final long[][] shapes; // copies kept for the per-run checks, which must not allocate
    private final PointerPointer<Pointer> srcs; // reused by every run (runs are synchronized): no allocation per run

    private Concat(ConcatParams params, Pointer handle) {
        super("concat", handle, params.outputShape());
        this.params = params;
        this.shapes = new long[params.count()][];
        for (int i = 0; i < shapes.length; i++) shapes[i] = params.shape(i);
        this.srcs = new PointerPointer<>(params.count());
    }

    public static Concat create(ConcatParams params) {
        return create(params, null);
    }

    /** With the kernel pinned by name or prefix ({@code "onednn"}, {@code "ref"}); null pins nothing. */
    public static Concat create(ConcatParams params, String kernel) {
        Objects.requireNonNull(params, "concat: params are null");
        try (FrugalNative.ConcatDesc d = new FrugalNative.ConcatDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            long[] s0 = params.shape(0);
            int a = params.normalizedAxis();
            d.rank(s0.length).axis(params.axis()).count(params.count());
            for (int i = 0; i < s0.length; i++) d.dims(i, i == a ? 0 : s0[i]);
            for (int i = 0; i < params.count(); i++) d.axis_dims(i, params.shape(i)[a]);
            NativeCalls.check(FrugalNative.frugal_concat_create(d, options, out));
            return new Concat(params, new FrugalNative.ConcatHandle(out.get(0)));
        }
    }

    /** A sibling with its own buffers, for another thread. Close each independently. */
    public Concat share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_concat_share((FrugalNative.ConcatHandle) handleForShare(), out));
            return new Concat(params, new FrugalNative.ConcatHandle(out.get(0)));
        }
    }

    public ConcatParams params() {
        return params;
    }

    /** Joins inputs (as many as params has, in order) into dst; dst must not overlap any input. */
    public synchronized void run(Tensor[] inputs, Tensor dst) {
        Pointer handle = openHandle();
        if (inputs == null) throw new NullPointerException(op + ": inputs are null");
        if (inputs.length != params.count()) {
            throw new IllegalArgumentException(op + ": " + inputs.length + " inputs given, " + params.count() + " expected");
        }
        for (int i = 0; i < inputs.length; i++) checkOperand("input", i, inputs[i], shapes[i]);
        checkOutput(dst);
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].overlaps(dst)) {
                throw new IllegalArgumentException(op + ": dst overlaps input " + i + "; in-place runs are not supported");
            }
        }
        for (int i = 0; i < inputs.length; i++) srcs.put(i, inputs[i].memory());
        NativeCalls.check(FrugalNative.frugal_concat_execute((FrugalNative.ConcatHandle) handle, srcs, inputs.length,
                dst.memory()));
    }

    /** Joins inputs into a new tensor, which the caller closes. */
    public Tensor run(Tensor... inputs) {
        return runInto(dst -> run(inputs, dst));
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_concat_impl_name((FrugalNative.ConcatHandle) handle);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_concat_destroy((FrugalNative.ConcatHandle) handle);
        srcs.close();
    }
}
