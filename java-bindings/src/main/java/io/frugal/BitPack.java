package io.frugal;

import io.frugal.jni.FrugalNative;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Sign packing of F32 into {@link DType#BIT} along the last axis (bit 1 means -1, bit =
 * {@code x < 0f}), or unpacking BIT back to +-1 F32, for one tensor shape: the boundary of the
 * binary (XNOR) operators. The rule is {@link BitPackParams}'; every kernel
 * ({@code avx512:bitpack}, {@code avx2:bitpack}, {@code ref:bitpack}) gives the same bits.
 *
 * <pre>{@code
 * try (BitPack p = BitPack.create(BitPackParams.pack(1, 56, 56, 64));
 *      Tensor bits = p.run(x)) { ... }                       // x: F32 NHWC, bits: BIT
 * }</pre>
 */
public final class BitPack extends UnaryOp {
    private final BitPackParams params;

    private BitPack(BitPackParams params, Pointer handle) {
        super(params.isPack() ? "bitpack" : "bitunpack", handle, params.shape(), params.srcType(), params.shape(),
                params.dstType());
        this.params = params;
    }

    /** Chooses the fastest kernel this CPU (under FRUGAL_MAX_ISA) offers. */
    public static BitPack create(BitPackParams params) {
        return create(params, null);
    }

    /**
     * Like {@link #create(BitPackParams)}, with the kernel pinned by name or prefix
     * ({@code "avx2:bitpack"}, {@code "ref"}); null pins nothing.
     *
     * @throws FrugalException UNSUPPORTED_ISA if the pinned kernel needs an ISA this process may not
     *                         use; INVALID_ARGUMENT if no kernel has that name
     */
    public static BitPack create(BitPackParams params, String kernel) {
        Objects.requireNonNull(params, "bitpack: params are null");
        try (FrugalNative.BitPackDesc d = new FrugalNative.BitPackDesc();
             BytePointer name = kernel == null ? null : new BytePointer(kernel);
             FrugalNative.OpOptions options = new FrugalNative.OpOptions().impl(name);
             PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            d.rows(params.rows()).cols(params.cols()).direction(params.direction().code());
            NativeCalls.check(FrugalNative.frugal_bitpack_create(d, options, out));
            return new BitPack(params, new FrugalNative.BitPackHandle(out.get(0)));
        }
    }

    /** A sibling with its own buffers, for another thread. Close each independently. */
    @Override
    public BitPack share() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_bitpack_share((FrugalNative.BitPackHandle) handleForShare(), out));
            return new BitPack(params, new FrugalNative.BitPackHandle(out.get(0)));
        }
    }

    public BitPackParams params() {
        return params;
    }

    /**
     * Packs src F32 [..., C] into bits BIT [..., C] and writes each row's mean |x| into meanAbs F32
     * [...] (the shape without its last axis), in one pass: XNOR-Net's A for
     * {@link BinaryConv2d#runScaled(Tensor, Tensor, Tensor)}. The float sum has one fixed order
     * ({@code frugal_bitpack_execute_mean_abs} in frugal.h), so every kernel gives the same value.
     * Pack ops only. Allocates nothing.
     */
    public synchronized void run(Tensor src, Tensor bits, Tensor meanAbs) {
        Pointer handle = openHandle();
        if (!params.isPack()) throw new IllegalArgumentException("bitunpack: mean |x| comes with packing only (an unpack op)");
        long[] shape = params.shape();
        checkOperand("src", -1, src, DType.F32, shape);
        checkOutput(bits, DType.BIT);
        checkOperand("meanAbs", -1, meanAbs, DType.F32, java.util.Arrays.copyOf(shape, shape.length - 1));
        if (src.overlaps(bits) || src.overlaps(meanAbs) || bits.overlaps(meanAbs)) {
            throw new IllegalArgumentException("bitpack: src, bits and meanAbs must not overlap");
        }
        NativeCalls.check(FrugalNative.frugal_bitpack_execute_mean_abs((FrugalNative.BitPackHandle) handle, src.memory(),
                bits.memory(), meanAbs.memory()));
    }

    @Override
    int execute(Pointer handle, Pointer src, Pointer dst) {
        return FrugalNative.frugal_bitpack_execute((FrugalNative.BitPackHandle) handle, src, dst);
    }

    @Override
    BytePointer implName(Pointer handle) {
        return FrugalNative.frugal_bitpack_impl_name((FrugalNative.BitPackHandle) handle);
    }

    @Override
    void destroy(Pointer handle) {
        FrugalNative.frugal_bitpack_destroy((FrugalNative.BitPackHandle) handle);
    }

    @Override
    public String toString() {
        return "BitPack[" + params + ", " + kernel() + "]";
    }
}
