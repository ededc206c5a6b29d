package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Arrays;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An int8 matrix multiply with constant weights quantized per column and packed once
 * ({@code frugal_qmatmul_desc} in frugal.h): s32 accumulation of u8/s8 src times s8 weights,
 * {@code y = act(srcScale * s_w[n] * acc + bias)}, then F32, or U8/S8 requantized with dstScale.
 */
public final class QMatMul extends UnaryOp {
    private final QMatMulParams params;

    private QMatMul(QMatMulParams params, Pointer handle) {
        super("qmatmul", handle, params.inputShape(), params.srcType(), params.outputShape(), params.dstType());
        this.params = params;
    }

    /** Chooses the fastest kernel that serves params, quantizes and packs the weights (F32 [k, n] or [n, k]; bias F32 [n] or null). */
    public static QMatMul create(QMatMulParams params, Tensor weights, Tensor bias) {
        return create(params, weights, bias, null);
    }

    /**
     * Like {@link #create(QMatMulParams, Tensor, Tensor)}, with the kernel pinned by name or prefix
     * ({@code "onednn"}, {@code "avx512:int8_s16"}, {@code "avx2:int8_s16"}, {@code "ref"}); null pins
     * nothing.
     *
     * @throws FrugalException INVALID_ARGUMENT for NaN or infinite weights or bias; UNIMPLEMENTED if
     *                         no (or not the pinned) kernel serves params
     */
    public static QMatMul create(QMatMulParams params, Tensor weights, Tensor bias, String kernel) {
        Objects.requireNonNull(params, "qmatmul: params are null");
        WeightedOp.checkWeights("qmatmul", weights, params.weightShape(), bias, params.geometry().n());
        MatMulParams g = params.geometry();
        try (FrugalNative.QMatmulDesc d = new FrugalNative.QMatmulDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            d.batch(g.batch()).m(g.m()).k(g.k()).n(g.n()).weights_transposed(g.weightsTransposed() ? 1 : 0)
                    .src_dtype(params.srcType().code()).src_scale(params.srcScale())
                    .dst_dtype(params.dstType().code()).dst_scale(params.dstType() == DType.F32 ? 1f : params.dstScale());
            WeightedOp.activation(d.activation(), g.activation());
            NativeCalls.check(FrugalNative.frugal_qmatmul_create(d, options, weights.memory(),
                    bias == null ? null : bias.memory(), out));
            return new QMatMul(params, new FrugalNative.QMatmulHandle(out.get(0)));
        }
    }

    /** A sibling sharing the packed weights, with its own buffers: one per thread runs in parallel. */
    @Override
    public QMatMul share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_qmatmul_share((FrugalNative.QMatmulHandle) handleForShare(), out));
            return new QMatMul(params, new FrugalNative.QMatmulHandle(out.get(0)));
        }
    }

    public QMatMulParams params() {
        return params;
    }

    /** The per-column weight scales s_w this operator computes with ([n]). */
    public synchronized float[] weightScales() {
        Pointer handle = openHandle();
        float[] scales = new float[(int) params.geometry().n()];
        NativeCalls.check(FrugalNative.frugal_qmatmul_weight_scales((FrugalNative.QMatmulHandle) handle, scales,
                scales.length));
        return scales;
    }

    @Override
    int execute(Pointer handle, Pointer src, Pointer dst) {
        return FrugalNative.frugal_qmatmul_execute((FrugalNative.QMatmulHandle) handle, src, dst);
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_qmatmul_impl_name((FrugalNative.QMatmulHandle) handle);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_qmatmul_destroy((FrugalNative.QMatmulHandle) handle);
    }

    @Override
    public String toString() {
        return "QMatMul[" + params.descriptor() + ", " + kernel() + ", in " + Arrays.toString(params.inputShape()) + "]";
    }
}
