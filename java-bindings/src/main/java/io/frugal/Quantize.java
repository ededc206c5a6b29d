package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Element-wise quantize (F32 to U8/S8) or dequantize (U8/S8 to F32) with one per-tensor scale, for
 * one tensor shape: the conversions at the int8 executor's precision boundaries. The arithmetic
 * is {@link QuantizeParams}'; every kernel ({@code avx512:quantize}, {@code avx2:quantize},
 * {@code ref:quantize}) gives the same bits.
 *
 * <pre>{@code
 * try (Quantize q = Quantize.create(QuantizeParams.quantize(DType.U8, 0.02f, 1, 64, 56, 56));
 *      Tensor x8 = q.run(x)) { ... }                        // x: F32, x8: U8
 * }</pre>
 */
public final class Quantize extends UnaryOp {
    private final QuantizeParams params;

    private Quantize(QuantizeParams params, Pointer handle) {
        super(params.isQuantize() ? "quantize" : "dequantize", handle, params.shape(), params.srcType(),
                params.shape(), params.dstType());
        this.params = params;
    }

    /** Chooses the fastest kernel this CPU (under FRUGAL_MAX_ISA) offers. */
    public static Quantize create(QuantizeParams params) {
        return create(params, null);
    }

    /**
     * Like {@link #create(QuantizeParams)}, with the kernel pinned by name or prefix
     * ({@code "avx2:quantize"}, {@code "ref"}); null pins nothing.
     *
     * @throws FrugalException UNSUPPORTED_ISA if the pinned kernel needs an ISA this process may not
     *                         use; INVALID_ARGUMENT if no kernel has that name
     */
    public static Quantize create(QuantizeParams params, String kernel) {
        Objects.requireNonNull(params, "quantize: params are null");
        try (FrugalNative.QuantizeDesc d = new FrugalNative.QuantizeDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            d.count(params.count()).src_dtype(params.srcType().code()).dst_dtype(params.dstType().code())
                    .scale(params.scale());
            NativeCalls.check(FrugalNative.frugal_quantize_create(d, options, out));
            return new Quantize(params, new FrugalNative.QuantizeHandle(out.get(0)));
        }
    }

    /** A sibling with its own buffers, for another thread. Close each independently. */
    @Override
    public Quantize share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_quantize_share((FrugalNative.QuantizeHandle) handleForShare(), out));
            return new Quantize(params, new FrugalNative.QuantizeHandle(out.get(0)));
        }
    }

    public QuantizeParams params() {
        return params;
    }

    @Override
    int execute(Pointer handle, Pointer src, Pointer dst) {
        return FrugalNative.frugal_quantize_execute((FrugalNative.QuantizeHandle) handle, src, dst);
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_quantize_impl_name((FrugalNative.QuantizeHandle) handle);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_quantize_destroy((FrugalNative.QuantizeHandle) handle);
    }

    @Override
    public String toString() {
        return "Quantize[" + params + ", " + kernel() + "]";
    }
}
