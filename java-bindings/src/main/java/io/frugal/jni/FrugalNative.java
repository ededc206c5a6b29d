package io.frugal.jni;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.MemberGetter;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Opaque;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * JavaCPP mapping of {@code native/include/frugal/frugal.h}, declaration for declaration.
 *
 * <p>Internal: the public API is {@code io.frugal}, which validates every argument before it
 * reaches these methods. Names and types follow the header exactly so that a reader can hold
 * the two side by side.
 *
 * <p>{@code libfrugal.so} needs {@code libdnnl.so.3} and {@code libgomp.so.1}: they are preloaded
 * from the bytedeco dnnl jar's resources (without loading that jar's own JNI layer). {@code
 * libfrugal_cuda.so} is preloaded when the jar has it (built where nvcc exists) so that it
 * lands in the same cache folder, where libfrugal's dlopen looks for it.
 */
@Properties(value = @Platform(include = "frugal/frugal.h", link = "frugal",
        preload = {"gomp@.1", "dnnl@.3", "frugal_cuda"}, preloadresource = "/org/bytedeco/dnnl/"))
public final class FrugalNative {
    static {
        Loader.load();
    }

    private FrugalNative() {}

    /** Forces the native libraries to load; throws {@link UnsatisfiedLinkError} if they cannot. */
    public static void load() {}

    // ------------------------------------------------------------------ status, library
    public static native @Cast("const char*") BytePointer frugal_last_error();

    public static native @Cast("const char*") BytePointer frugal_status_name(int status);

    public static native @Cast("const char*") BytePointer frugal_version();

    public static native @Cast("const char*") BytePointer frugal_backend_versions();

    public static native void frugal_noop();

    // ------------------------------------------------------------------ CPU
    @Name("frugal_cpu_info")
    public static class CpuInfo extends Pointer {
        static { Loader.load(); }
        public CpuInfo() { super((Pointer) null); allocate(); }
        private native void allocate();
        @MemberGetter public native int detected_isa();
        @MemberGetter public native int effective_isa();
        @MemberGetter public native @Cast("uint32_t") int features();
        @MemberGetter public native int logical_cores();
        @MemberGetter public native @Cast("const char*") BytePointer brand();
        @MemberGetter public native @Cast("const char*") BytePointer max_isa_env();
    }

    public static native int frugal_cpu_info_get(CpuInfo info);

    public static native @Cast("const char*") BytePointer frugal_isa_name(int isa);

    // ------------------------------------------------------------------ memory
    public static native int frugal_alloc(@Cast("int64_t") long bytes, @Cast("void**") PointerPointer<?> out);

    public static native void frugal_free(@Cast("void*") long address);

    public static native int frugal_convert(@Cast("const void*") Pointer src, int srcDtype, @Cast("void*") Pointer dst,
                                            int dstDtype, @Cast("int64_t") long count, @Cast("const char*") String impl);

    public static native @Cast("const char*") BytePointer frugal_convert_impl_name(int srcDtype, int dstDtype);

    // ------------------------------------------------------------------ structs shared by operators
    @Name("frugal_activation")
    public static class Activation extends Pointer {
        static { Loader.load(); }
        public Activation() { super((Pointer) null); allocate(); }
        public Activation(Pointer p) { super(p); }
        private native void allocate();
        public native int kind(); public native Activation kind(int v);
        public native float alpha(); public native Activation alpha(float v);
        public native float beta(); public native Activation beta(float v);
    }

    @Name("frugal_op_options")
    public static class OpOptions extends Pointer {
        static { Loader.load(); }
        public OpOptions() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native @Cast("const char*") BytePointer impl(); public native OpOptions impl(BytePointer v);
    }

    // ------------------------------------------------------------------ conv2d
    @Name("frugal_conv2d_desc")
    public static class Conv2dDesc extends Pointer {
        static { Loader.load(); }
        public Conv2dDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native @Cast("int64_t") long batch(); public native Conv2dDesc batch(long v);
        public native @Cast("int64_t") long in_channels(); public native Conv2dDesc in_channels(long v);
        public native @Cast("int64_t") long in_h(); public native Conv2dDesc in_h(long v);
        public native @Cast("int64_t") long in_w(); public native Conv2dDesc in_w(long v);
        public native @Cast("int64_t") long out_channels(); public native Conv2dDesc out_channels(long v);
        public native @Cast("int64_t") long kernel_h(); public native Conv2dDesc kernel_h(long v);
        public native @Cast("int64_t") long kernel_w(); public native Conv2dDesc kernel_w(long v);
        public native @Cast("int64_t") long stride_h(); public native Conv2dDesc stride_h(long v);
        public native @Cast("int64_t") long stride_w(); public native Conv2dDesc stride_w(long v);
        public native @Cast("int64_t") long pad_top(); public native Conv2dDesc pad_top(long v);
        public native @Cast("int64_t") long pad_left(); public native Conv2dDesc pad_left(long v);
        public native @Cast("int64_t") long pad_bottom(); public native Conv2dDesc pad_bottom(long v);
        public native @Cast("int64_t") long pad_right(); public native Conv2dDesc pad_right(long v);
        public native @Cast("int64_t") long dilation_h(); public native Conv2dDesc dilation_h(long v);
        public native @Cast("int64_t") long dilation_w(); public native Conv2dDesc dilation_w(long v);
        public native @Cast("int64_t") long groups(); public native Conv2dDesc groups(long v);
        public native int layout(); public native Conv2dDesc layout(int v);
        public native @ByRef Activation activation(); public native Conv2dDesc activation(Activation v);
    }

    @Opaque @Name("frugal_conv2d")
    public static class Conv2dHandle extends Pointer {
        public Conv2dHandle() { super((Pointer) null); }
        public Conv2dHandle(Pointer p) { super(p); }
    }

    public static native int frugal_conv2d_out_shape(@Const Conv2dDesc desc, @Cast("int64_t*") long[] outH,
                                                     @Cast("int64_t*") long[] outW);

    public static native int frugal_conv2d_create(@Const Conv2dDesc desc, @Const OpOptions options,
                                                  @Cast("const float*") Pointer weights, @Cast("const float*") Pointer bias,
                                                  @Cast("frugal_conv2d**") PointerPointer<?> out);

    public static native int frugal_conv2d_share(@Const Conv2dHandle conv, @Cast("frugal_conv2d**") PointerPointer<?> out);

    public static native int frugal_conv2d_execute(Conv2dHandle conv, @Cast("const float*") Pointer src,
                                                   @Cast("float*") Pointer dst);

    public static native @Cast("const char*") BytePointer frugal_conv2d_impl_name(@Const Conv2dHandle conv);

    public static native void frugal_conv2d_destroy(Conv2dHandle conv);

    // ------------------------------------------------------------------ qconv2d (int8)
    @Name("frugal_qconv2d_desc")
    public static class QConv2dDesc extends Pointer {
        static { Loader.load(); }
        public QConv2dDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native @Cast("int64_t") long batch(); public native QConv2dDesc batch(long v);
        public native @Cast("int64_t") long in_channels(); public native QConv2dDesc in_channels(long v);
        public native @Cast("int64_t") long in_h(); public native QConv2dDesc in_h(long v);
        public native @Cast("int64_t") long in_w(); public native QConv2dDesc in_w(long v);
        public native @Cast("int64_t") long out_channels(); public native QConv2dDesc out_channels(long v);
        public native @Cast("int64_t") long kernel_h(); public native QConv2dDesc kernel_h(long v);
        public native @Cast("int64_t") long kernel_w(); public native QConv2dDesc kernel_w(long v);
        public native @Cast("int64_t") long stride_h(); public native QConv2dDesc stride_h(long v);
        public native @Cast("int64_t") long stride_w(); public native QConv2dDesc stride_w(long v);
        public native @Cast("int64_t") long pad_top(); public native QConv2dDesc pad_top(long v);
        public native @Cast("int64_t") long pad_left(); public native QConv2dDesc pad_left(long v);
        public native @Cast("int64_t") long pad_bottom(); public native QConv2dDesc pad_bottom(long v);
        public native @Cast("int64_t") long pad_right(); public native QConv2dDesc pad_right(long v);
        public native @Cast("int64_t") long dilation_h(); public native QConv2dDesc dilation_h(long v);
        public native @Cast("int64_t") long dilation_w(); public native QConv2dDesc dilation_w(long v);
        public native @Cast("int64_t") long groups(); public native QConv2dDesc groups(long v);
        public native int layout(); public native QConv2dDesc layout(int v);
        public native @ByRef Activation activation(); public native QConv2dDesc activation(Activation v);
        public native int src_dtype(); public native QConv2dDesc src_dtype(int v);
        public native float src_scale(); public native QConv2dDesc src_scale(float v);
        public native int dst_dtype(); public native QConv2dDesc dst_dtype(int v);
        public native float dst_scale(); public native QConv2dDesc dst_scale(float v);
    }

    @Opaque @Name("frugal_qconv2d")
    public static class QConv2dHandle extends Pointer {
        public QConv2dHandle() { super((Pointer) null); }
        public QConv2dHandle(Pointer p) { super(p); }
    }

    public static native int frugal_qconv2d_out_shape(@Const QConv2dDesc desc, @Cast("int64_t*") long[] outH,
                                                      @Cast("int64_t*") long[] outW);

    public static native int frugal_qconv2d_create(@Const QConv2dDesc desc, @Const OpOptions options,
                                                   @Cast("const float*") Pointer weights, @Cast("const float*") Pointer bias,
                                                   @Cast("frugal_qconv2d**") PointerPointer<?> out);

    public static native int frugal_qconv2d_share(@Const QConv2dHandle conv, @Cast("frugal_qconv2d**") PointerPointer<?> out);

    public static native int frugal_qconv2d_execute(QConv2dHandle conv, @Cast("const void*") Pointer src,
                                                    @Cast("void*") Pointer dst);

    public static native int frugal_qconv2d_weight_scales(@Const QConv2dHandle conv, float[] out, @Cast("int64_t") long count);

    public static native @Cast("const char*") BytePointer frugal_qconv2d_impl_name(@Const QConv2dHandle conv);

    public static native void frugal_qconv2d_destroy(QConv2dHandle conv);

    // ------------------------------------------------------------------ matmul
    @Name("frugal_matmul_desc")
    public static class MatmulDesc extends Pointer {
        static { Loader.load(); }
        public MatmulDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native @Cast("int64_t") long batch(); public native MatmulDesc batch(long v);
        public native @Cast("int64_t") long m(); public native MatmulDesc m(long v);
        public native @Cast("int64_t") long k(); public native MatmulDesc k(long v);
        public native @Cast("int64_t") long n(); public native MatmulDesc n(long v);
        public native int weights_transposed(); public native MatmulDesc weights_transposed(int v);
        public native @ByRef Activation activation(); public native MatmulDesc activation(Activation v);
    }

    @Opaque @Name("frugal_matmul")
    public static class MatmulHandle extends Pointer {
        public MatmulHandle() { super((Pointer) null); }
        public MatmulHandle(Pointer p) { super(p); }
    }

    public static native int frugal_matmul_create(@Const MatmulDesc desc, @Const OpOptions options,
                                                  @Cast("const float*") Pointer weights, @Cast("const float*") Pointer bias,
                                                  @Cast("frugal_matmul**") PointerPointer<?> out);

    public static native int frugal_matmul_share(@Const MatmulHandle matmul, @Cast("frugal_matmul**") PointerPointer<?> out);

    public static native int frugal_matmul_execute(MatmulHandle matmul, @Cast("const float*") Pointer src,
                                                   @Cast("float*") Pointer dst);

    public static native @Cast("const char*") BytePointer frugal_matmul_impl_name(@Const MatmulHandle matmul);

    public static native void frugal_matmul_destroy(MatmulHandle matmul);

    // ------------------------------------------------------------------ qmatmul (int8)
    @Name("frugal_qmatmul_desc")
    public static class QMatmulDesc extends Pointer {
        static { Loader.load(); }
        public QMatmulDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native @Cast("int64_t") long batch(); public native QMatmulDesc batch(long v);
        public native @Cast("int64_t") long m(); public native QMatmulDesc m(long v);
        public native @Cast("int64_t") long k(); public native QMatmulDesc k(long v);
        public native @Cast("int64_t") long n(); public native QMatmulDesc n(long v);
        public native int weights_transposed(); public native QMatmulDesc weights_transposed(int v);
        public native @ByRef Activation activation(); public native QMatmulDesc activation(Activation v);
        public native int src_dtype(); public native QMatmulDesc src_dtype(int v);
        public native float src_scale(); public native QMatmulDesc src_scale(float v);
        public native int dst_dtype(); public native QMatmulDesc dst_dtype(int v);
        public native float dst_scale(); public native QMatmulDesc dst_scale(float v);
    }

    @Opaque @Name("frugal_qmatmul")
    public static class QMatmulHandle extends Pointer {
        public QMatmulHandle() { super((Pointer) null); }
        public QMatmulHandle(Pointer p) { super(p); }
    }

    public static native int frugal_qmatmul_create(@Const QMatmulDesc desc, @Const OpOptions options,
                                                   @Cast("const float*") Pointer weights, @Cast("const float*") Pointer bias,
                                                   @Cast("frugal_qmatmul**") PointerPointer<?> out);

    public static native int frugal_qmatmul_share(@Const QMatmulHandle matmul, @Cast("frugal_qmatmul**") PointerPointer<?> out);

    public static native int frugal_qmatmul_execute(QMatmulHandle matmul, @Cast("const void*") Pointer src,
                                                    @Cast("void*") Pointer dst);

    public static native int frugal_qmatmul_weight_scales(@Const QMatmulHandle matmul, float[] out, @Cast("int64_t") long count);

    public static native @Cast("const char*") BytePointer frugal_qmatmul_impl_name(@Const QMatmulHandle matmul);

    public static native void frugal_qmatmul_destroy(QMatmulHandle matmul);

    // ------------------------------------------------------------------ pool2d
    @Name("frugal_pool2d_desc")
    public static class Pool2dDesc extends Pointer {
        static { Loader.load(); }
        public Pool2dDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native @Cast("int64_t") long batch(); public native Pool2dDesc batch(long v);
        public native @Cast("int64_t") long channels(); public native Pool2dDesc channels(long v);
        public native @Cast("int64_t") long in_h(); public native Pool2dDesc in_h(long v);
        public native @Cast("int64_t") long in_w(); public native Pool2dDesc in_w(long v);
        public native int kind(); public native Pool2dDesc kind(int v);
        public native int global(); public native Pool2dDesc global(int v);
        public native @Cast("int64_t") long kernel_h(); public native Pool2dDesc kernel_h(long v);
        public native @Cast("int64_t") long kernel_w(); public native Pool2dDesc kernel_w(long v);
        public native @Cast("int64_t") long stride_h(); public native Pool2dDesc stride_h(long v);
        public native @Cast("int64_t") long stride_w(); public native Pool2dDesc stride_w(long v);
        public native @Cast("int64_t") long pad_top(); public native Pool2dDesc pad_top(long v);
        public native @Cast("int64_t") long pad_left(); public native Pool2dDesc pad_left(long v);
        public native @Cast("int64_t") long pad_bottom(); public native Pool2dDesc pad_bottom(long v);
        public native @Cast("int64_t") long pad_right(); public native Pool2dDesc pad_right(long v);
        public native @Cast("int64_t") long dilation_h(); public native Pool2dDesc dilation_h(long v);
        public native @Cast("int64_t") long dilation_w(); public native Pool2dDesc dilation_w(long v);
        public native int ceil_mode(); public native Pool2dDesc ceil_mode(int v);
        public native int count_include_pad(); public native Pool2dDesc count_include_pad(int v);
        public native int layout(); public native Pool2dDesc layout(int v);
    }

    @Opaque @Name("frugal_pool2d")
    public static class Pool2dHandle extends Pointer {
        public Pool2dHandle() { super((Pointer) null); }
        public Pool2dHandle(Pointer p) { super(p); }
    }

    public static native int frugal_pool2d_out_shape(@Const Pool2dDesc desc, @Cast("int64_t*") long[] outH,
                                                     @Cast("int64_t*") long[] outW);

    public static native int frugal_pool2d_create(@Const Pool2dDesc desc, @Const OpOptions options,
                                                  @Cast("frugal_pool2d**") PointerPointer<?> out);

    public static native int frugal_pool2d_share(@Const Pool2dHandle pool, @Cast("frugal_pool2d**") PointerPointer<?> out);

    public static native int frugal_pool2d_execute(Pool2dHandle pool, @Cast("const float*") Pointer src,
                                                   @Cast("float*") Pointer dst);

    public static native @Cast("const char*") BytePointer frugal_pool2d_impl_name(@Const Pool2dHandle pool);

    public static native void frugal_pool2d_destroy(Pool2dHandle pool);

    // ------------------------------------------------------------------ eltwise
    @Name("frugal_eltwise_desc")
    public static class EltwiseDesc extends Pointer {
        static { Loader.load(); }
        public EltwiseDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native @Cast("int64_t") long count(); public native EltwiseDesc count(long v);
        public native @ByRef Activation activation(); public native EltwiseDesc activation(Activation v);
    }

    @Opaque @Name("frugal_eltwise")
    public static class EltwiseHandle extends Pointer {
        public EltwiseHandle() { super((Pointer) null); }
        public EltwiseHandle(Pointer p) { super(p); }
    }

    public static native int frugal_eltwise_create(@Const EltwiseDesc desc, @Const OpOptions options,
                                                   @Cast("frugal_eltwise**") PointerPointer<?> out);

    public static native int frugal_eltwise_share(@Const EltwiseHandle eltwise, @Cast("frugal_eltwise**") PointerPointer<?> out);

    public static native int frugal_eltwise_execute(EltwiseHandle eltwise, @Cast("const float*") Pointer src,
                                                    @Cast("float*") Pointer dst);

    public static native @Cast("const char*") BytePointer frugal_eltwise_impl_name(@Const EltwiseHandle eltwise);

    public static native void frugal_eltwise_destroy(EltwiseHandle eltwise);

    // ------------------------------------------------------------------ binary
    public static final int FRUGAL_MAX_RANK = 6;

    @Name("frugal_binary_desc")
    public static class BinaryDesc extends Pointer {
        static { Loader.load(); }
        public BinaryDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native int kind(); public native BinaryDesc kind(int v);
        public native int rank0(); public native BinaryDesc rank0(int v);
        public native int rank1(); public native BinaryDesc rank1(int v);
        public native @Cast("int64_t") long dims0(int i); public native BinaryDesc dims0(int i, long v);
        public native @Cast("int64_t") long dims1(int i); public native BinaryDesc dims1(int i, long v);
        public native @ByRef Activation activation(); public native BinaryDesc activation(Activation v);
    }

    @Opaque @Name("frugal_binary")
    public static class BinaryHandle extends Pointer {
        public BinaryHandle() { super((Pointer) null); }
        public BinaryHandle(Pointer p) { super(p); }
    }

    public static native int frugal_binary_out_shape(@Const BinaryDesc desc, @Cast("int32_t*") int[] rank,
                                                     @Cast("int64_t*") long[] dims);

    public static native int frugal_binary_create(@Const BinaryDesc desc, @Const OpOptions options,
                                                  @Cast("frugal_binary**") PointerPointer<?> out);

    public static native int frugal_binary_share(@Const BinaryHandle binary, @Cast("frugal_binary**") PointerPointer<?> out);

    public static native int frugal_binary_execute(BinaryHandle binary, @Cast("const float*") Pointer src0,
                                                   @Cast("const float*") Pointer src1, @Cast("float*") Pointer dst);

    public static native @Cast("const char*") BytePointer frugal_binary_impl_name(@Const BinaryHandle binary);

    public static native void frugal_binary_destroy(BinaryHandle binary);

    // ------------------------------------------------------------------ softmax
    @Name("frugal_softmax_desc")
    public static class SoftmaxDesc extends Pointer {
        static { Loader.load(); }
        public SoftmaxDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native int rank(); public native SoftmaxDesc rank(int v);
        public native @Cast("int64_t") long dims(int i); public native SoftmaxDesc dims(int i, long v);
        public native int axis(); public native SoftmaxDesc axis(int v);
        public native int coerce_2d(); public native SoftmaxDesc coerce_2d(int v);
    }

    @Opaque @Name("frugal_softmax")
    public static class SoftmaxHandle extends Pointer {
        public SoftmaxHandle() { super((Pointer) null); }
        public SoftmaxHandle(Pointer p) { super(p); }
    }

    public static native int frugal_softmax_create(@Const SoftmaxDesc desc, @Const OpOptions options,
                                                   @Cast("frugal_softmax**") PointerPointer<?> out);

    public static native int frugal_softmax_share(@Const SoftmaxHandle softmax, @Cast("frugal_softmax**") PointerPointer<?> out);

    public static native int frugal_softmax_execute(SoftmaxHandle softmax, @Cast("const float*") Pointer src,
                                                    @Cast("float*") Pointer dst);

    public static native @Cast("const char*") BytePointer frugal_softmax_impl_name(@Const SoftmaxHandle softmax);

    public static native void frugal_softmax_destroy(SoftmaxHandle softmax);

    // ------------------------------------------------------------------ batch_matmul
    @Name("frugal_batch_matmul_desc")
    public static class BatchMatmulDesc extends Pointer {
        static { Loader.load(); }
        public BatchMatmulDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native int a_rank(); public native BatchMatmulDesc a_rank(int v);
        public native @Cast("int64_t") long a_dims(int i); public native BatchMatmulDesc a_dims(int i, long v);
        public native int b_rank(); public native BatchMatmulDesc b_rank(int v);
        public native @Cast("int64_t") long b_dims(int i); public native BatchMatmulDesc b_dims(int i, long v);
    }

    @Opaque @Name("frugal_batch_matmul")
    public static class BatchMatmulHandle extends Pointer {
        public BatchMatmulHandle() { super((Pointer) null); }
        public BatchMatmulHandle(Pointer p) { super(p); }
    }

    public static native int frugal_batch_matmul_out_shape(@Const BatchMatmulDesc desc, @Cast("int32_t*") int[] rank,
                                                           @Cast("int64_t*") long[] dims);

    public static native int frugal_batch_matmul_create(@Const BatchMatmulDesc desc, @Const OpOptions options,
                                                        @Cast("frugal_batch_matmul**") PointerPointer<?> out);

    public static native int frugal_batch_matmul_share(@Const BatchMatmulHandle matmul,
                                                       @Cast("frugal_batch_matmul**") PointerPointer<?> out);

    public static native int frugal_batch_matmul_execute(BatchMatmulHandle matmul, @Cast("const float*") Pointer a,
                                                         @Cast("const float*") Pointer b, @Cast("float*") Pointer dst);

    public static native @Cast("const char*") BytePointer frugal_batch_matmul_impl_name(@Const BatchMatmulHandle matmul);

    public static native void frugal_batch_matmul_destroy(BatchMatmulHandle matmul);

    // ------------------------------------------------------------------ reduce
    @Name("frugal_reduce_desc")
    public static class ReduceDesc extends Pointer {
        static { Loader.load(); }
        public ReduceDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native int kind(); public native ReduceDesc kind(int v);
        public native int rank(); public native ReduceDesc rank(int v);
        public native @Cast("int64_t") long dims(int i); public native ReduceDesc dims(int i, long v);
        public native int axes_mask(); public native ReduceDesc axes_mask(int v);
    }

    @Opaque @Name("frugal_reduce")
    public static class ReduceHandle extends Pointer {
        public ReduceHandle() { super((Pointer) null); }
        public ReduceHandle(Pointer p) { super(p); }
    }

    public static native int frugal_reduce_out_shape(@Const ReduceDesc desc, @Cast("int32_t*") int[] rank,
                                                     @Cast("int64_t*") long[] dims);

    public static native int frugal_reduce_create(@Const ReduceDesc desc, @Const OpOptions options,
                                                  @Cast("frugal_reduce**") PointerPointer<?> out);

    public static native int frugal_reduce_share(@Const ReduceHandle reduce, @Cast("frugal_reduce**") PointerPointer<?> out);

    public static native int frugal_reduce_execute(ReduceHandle reduce, @Cast("const float*") Pointer src,
                                                   @Cast("float*") Pointer dst);

    public static native @Cast("const char*") BytePointer frugal_reduce_impl_name(@Const ReduceHandle reduce);

    public static native void frugal_reduce_destroy(ReduceHandle reduce);

    // ------------------------------------------------------------------ conv_transpose2d
    @Name("frugal_conv_transpose2d_desc")
    public static class ConvTranspose2dDesc extends Pointer {
        static { Loader.load(); }
        public ConvTranspose2dDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native @Cast("int64_t") long batch(); public native ConvTranspose2dDesc batch(long v);
        public native @Cast("int64_t") long in_channels(); public native ConvTranspose2dDesc in_channels(long v);
        public native @Cast("int64_t") long in_h(); public native ConvTranspose2dDesc in_h(long v);
        public native @Cast("int64_t") long in_w(); public native ConvTranspose2dDesc in_w(long v);
        public native @Cast("int64_t") long out_channels(); public native ConvTranspose2dDesc out_channels(long v);
        public native @Cast("int64_t") long kernel_h(); public native ConvTranspose2dDesc kernel_h(long v);
        public native @Cast("int64_t") long kernel_w(); public native ConvTranspose2dDesc kernel_w(long v);
        public native @Cast("int64_t") long stride_h(); public native ConvTranspose2dDesc stride_h(long v);
        public native @Cast("int64_t") long stride_w(); public native ConvTranspose2dDesc stride_w(long v);
        public native @Cast("int64_t") long pad_top(); public native ConvTranspose2dDesc pad_top(long v);
        public native @Cast("int64_t") long pad_left(); public native ConvTranspose2dDesc pad_left(long v);
        public native @Cast("int64_t") long pad_bottom(); public native ConvTranspose2dDesc pad_bottom(long v);
        public native @Cast("int64_t") long pad_right(); public native ConvTranspose2dDesc pad_right(long v);
        public native @Cast("int64_t") long output_padding_h(); public native ConvTranspose2dDesc output_padding_h(long v);
        public native @Cast("int64_t") long output_padding_w(); public native ConvTranspose2dDesc output_padding_w(long v);
        public native @Cast("int64_t") long dilation_h(); public native ConvTranspose2dDesc dilation_h(long v);
        public native @Cast("int64_t") long dilation_w(); public native ConvTranspose2dDesc dilation_w(long v);
        public native @Cast("int64_t") long groups(); public native ConvTranspose2dDesc groups(long v);
        public native int layout(); public native ConvTranspose2dDesc layout(int v);
        public native @ByRef Activation activation(); public native ConvTranspose2dDesc activation(Activation v);
    }

    @Opaque @Name("frugal_conv_transpose2d")
    public static class ConvTranspose2dHandle extends Pointer {
        public ConvTranspose2dHandle() { super((Pointer) null); }
        public ConvTranspose2dHandle(Pointer p) { super(p); }
    }

    public static native int frugal_conv_transpose2d_out_shape(@Const ConvTranspose2dDesc desc, @Cast("int64_t*") long[] outH,
                                                               @Cast("int64_t*") long[] outW);

    public static native int frugal_conv_transpose2d_create(@Const ConvTranspose2dDesc desc, @Const OpOptions options,
                                                            @Cast("const float*") Pointer weights, @Cast("const float*") Pointer bias,
                                                            @Cast("frugal_conv_transpose2d**") PointerPointer<?> out);

    public static native int frugal_conv_transpose2d_share(@Const ConvTranspose2dHandle conv,
                                                           @Cast("frugal_conv_transpose2d**") PointerPointer<?> out);

    public static native int frugal_conv_transpose2d_execute(ConvTranspose2dHandle conv, @Cast("const float*") Pointer src,
                                                             @Cast("float*") Pointer dst);

    public static native @Cast("const char*") BytePointer frugal_conv_transpose2d_impl_name(@Const ConvTranspose2dHandle conv);

    public static native void frugal_conv_transpose2d_destroy(ConvTranspose2dHandle conv);

    // ------------------------------------------------------------------ concat
    public static final int FRUGAL_MAX_CONCAT_INPUTS = 64;

    @Name("frugal_concat_desc")
    public static class ConcatDesc extends Pointer {
        static { Loader.load(); }
        public ConcatDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native int rank(); public native ConcatDesc rank(int v);
        public native int axis(); public native ConcatDesc axis(int v);
        public native int count(); public native ConcatDesc count(int v);
        public native @Cast("int64_t") long dims(int i); public native ConcatDesc dims(int i, long v);
        public native @Cast("int64_t") long axis_dims(int i); public native ConcatDesc axis_dims(int i, long v);
    }

    @Opaque @Name("frugal_concat")
    public static class ConcatHandle extends Pointer {
        public ConcatHandle() { super((Pointer) null); }
        public ConcatHandle(Pointer p) { super(p); }
    }

    public static native int frugal_concat_out_shape(@Const ConcatDesc desc, @Cast("int32_t*") int[] rank,
                                                     @Cast("int64_t*") long[] dims);

    public static native int frugal_concat_create(@Const ConcatDesc desc, @Const OpOptions options,
                                                  @Cast("frugal_concat**") PointerPointer<?> out);

    public static native int frugal_concat_share(@Const ConcatHandle concat, @Cast("frugal_concat**") PointerPointer<?> out);

    public static native int frugal_concat_execute(ConcatHandle concat, @Cast("const float*const*") PointerPointer<?> srcs,
                                                   int count, @Cast("float*") Pointer dst);

    public static native @Cast("const char*") BytePointer frugal_concat_impl_name(@Const ConcatHandle concat);

    public static native void frugal_concat_destroy(ConcatHandle concat);

    // ------------------------------------------------------------------ reorder
    @Name("frugal_reorder_desc")
    public static class ReorderDesc extends Pointer {
        static { Loader.load(); }
        public ReorderDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native int rank(); public native ReorderDesc rank(int v);
        public native @Cast("int64_t") long dims(int i); public native ReorderDesc dims(int i, long v);
        public native @Cast("int64_t") long src_strides(int i); public native ReorderDesc src_strides(int i, long v);
        public native @Cast("int64_t") long src_offset(); public native ReorderDesc src_offset(long v);
        public native @Cast("int64_t") long src_elements(); public native ReorderDesc src_elements(long v);
    }

    @Opaque @Name("frugal_reorder")
    public static class ReorderHandle extends Pointer {
        public ReorderHandle() { super((Pointer) null); }
        public ReorderHandle(Pointer p) { super(p); }
    }

    public static native int frugal_reorder_create(@Const ReorderDesc desc, @Const OpOptions options,
                                                   @Cast("frugal_reorder**") PointerPointer<?> out);

    public static native int frugal_reorder_share(@Const ReorderHandle reorder, @Cast("frugal_reorder**") PointerPointer<?> out);

    public static native int frugal_reorder_execute(ReorderHandle reorder, @Cast("const float*") Pointer src,
                                                    @Cast("float*") Pointer dst);

    public static native @Cast("const char*") BytePointer frugal_reorder_impl_name(@Const ReorderHandle reorder);

    public static native void frugal_reorder_destroy(ReorderHandle reorder);

    // ------------------------------------------------------------------ resize
    @Name("frugal_resize_desc")
    public static class ResizeDesc extends Pointer {
        static { Loader.load(); }
        public ResizeDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native @Cast("int64_t") long batch(); public native ResizeDesc batch(long v);
        public native @Cast("int64_t") long channels(); public native ResizeDesc channels(long v);
        public native @Cast("int64_t") long in_h(); public native ResizeDesc in_h(long v);
        public native @Cast("int64_t") long in_w(); public native ResizeDesc in_w(long v);
        public native @Cast("int64_t") long out_h(); public native ResizeDesc out_h(long v);
        public native @Cast("int64_t") long out_w(); public native ResizeDesc out_w(long v);
        public native float scale_h(); public native ResizeDesc scale_h(float v);
        public native float scale_w(); public native ResizeDesc scale_w(float v);
        public native int mode(); public native ResizeDesc mode(int v);
        public native int coordinate_transformation_mode(); public native ResizeDesc coordinate_transformation_mode(int v);
        public native int nearest_mode(); public native ResizeDesc nearest_mode(int v);
        public native int layout(); public native ResizeDesc layout(int v);
    }

    @Opaque @Name("frugal_resize")
    public static class ResizeHandle extends Pointer {
        public ResizeHandle() { super((Pointer) null); }
        public ResizeHandle(Pointer p) { super(p); }
    }

    public static native int frugal_resize_create(@Const ResizeDesc desc, @Const OpOptions options,
                                                  @Cast("frugal_resize**") PointerPointer<?> out);

    public static native int frugal_resize_share(@Const ResizeHandle resize, @Cast("frugal_resize**") PointerPointer<?> out);

    public static native int frugal_resize_execute(ResizeHandle resize, @Cast("const float*") Pointer src,
                                                   @Cast("float*") Pointer dst);

    public static native @Cast("const char*") BytePointer frugal_resize_impl_name(@Const ResizeHandle resize);

    public static native void frugal_resize_destroy(ResizeHandle resize);

    // ------------------------------------------------------------------ CUDA
    @Name("frugal_cuda_info")
    public static class CudaInfo extends Pointer {
        static { Loader.load(); }
        public CudaInfo() { super((Pointer) null); allocate(); }
        private native void allocate();
        @MemberGetter public native int library_loaded();
        @MemberGetter public native int device_count();
        @MemberGetter public native int runtime_error();
        @MemberGetter public native @Cast("const char*") BytePointer message();
        @MemberGetter public native @Cast("const char*") BytePointer device_name();
    }

    public static native int frugal_cuda_info_get(CudaInfo info);

    // ------------------------------------------------------------------ quantize / dequantize
    @Name("frugal_quantize_desc")
    public static class QuantizeDesc extends Pointer {
        static { Loader.load(); }
        public QuantizeDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native @Cast("int64_t") long count(); public native QuantizeDesc count(long v);
        public native int src_dtype(); public native QuantizeDesc src_dtype(int v);
        public native int dst_dtype(); public native QuantizeDesc dst_dtype(int v);
        public native float scale(); public native QuantizeDesc scale(float v);
    }

    @Opaque @Name("frugal_quantize")
    public static class QuantizeHandle extends Pointer {
        public QuantizeHandle() { super((Pointer) null); }
        public QuantizeHandle(Pointer p) { super(p); }
    }

    public static native int frugal_quantize_create(@Const QuantizeDesc desc, @Const OpOptions options,
                                                    @Cast("frugal_quantize**") PointerPointer<?> out);

    public static native int frugal_quantize_share(@Const QuantizeHandle quantize,
                                                   @Cast("frugal_quantize**") PointerPointer<?> out);

    public static native int frugal_quantize_execute(QuantizeHandle quantize, @Cast("const void*") Pointer src,
                                                     @Cast("void*") Pointer dst);

    public static native @Cast("const char*") BytePointer frugal_quantize_impl_name(@Const QuantizeHandle quantize);

    public static native void frugal_quantize_destroy(QuantizeHandle quantize);

    // ------------------------------------------------------------------ bitpack (f32 <-> BIT)
    public static final int FRUGAL_BITPACK_PACK = 0, FRUGAL_BITPACK_UNPACK = 1;

    @Name("frugal_bitpack_desc")
    public static class BitPackDesc extends Pointer {
        static { Loader.load(); }
        public BitPackDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native @Cast("int64_t") long rows(); public native BitPackDesc rows(long v);
        public native @Cast("int64_t") long cols(); public native BitPackDesc cols(long v);
        public native int direction(); public native BitPackDesc direction(int v);
    }

    @Opaque @Name("frugal_bitpack")
    public static class BitPackHandle extends Pointer {
        public BitPackHandle() { super((Pointer) null); }
        public BitPackHandle(Pointer p) { super(p); }
    }

    public static native int frugal_bitpack_create(@Const BitPackDesc desc, @Const OpOptions options,
                                                   @Cast("frugal_bitpack**") PointerPointer<?> out);

    public static native int frugal_bitpack_share(@Const BitPackHandle bitpack,
                                                  @Cast("frugal_bitpack**") PointerPointer<?> out);

    public static native int frugal_bitpack_execute(BitPackHandle bitpack, @Cast("const void*") Pointer src,
                                                    @Cast("void*") Pointer dst);

    public static native int frugal_bitpack_execute_mean_abs(BitPackHandle bitpack, @Cast("const void*") Pointer src,
                                                             @Cast("void*") Pointer dst, @Cast("float*") Pointer meanAbs);

    public static native @Cast("const char*") BytePointer frugal_bitpack_impl_name(@Const BitPackHandle bitpack);

    public static native void frugal_bitpack_destroy(BitPackHandle bitpack);
    // ------------------------------------------------------------------ bconv2d (binary, XNOR)
    @Name("frugal_bconv2d_desc")
    public static class BConv2dDesc extends Pointer {
        static { Loader.load(); }
        public BConv2dDesc() { super((Pointer) null); allocate(); }
        private native void allocate();
        public native @Cast("int64_t") long batch(); public native BConv2dDesc batch(long v);
        public native @Cast("int64_t") long in_channels(); public native BConv2dDesc in_channels(long v);
        public native @Cast("int64_t") long in_h(); public native BConv2dDesc in_h(long v);
        public native @Cast("int64_t") long in_w(); public native BConv2dDesc in_w(long v);
        public native @Cast("int64_t") long out_channels(); public native BConv2dDesc out_channels(long v);
        public native @Cast("int64_t") long kernel_h(); public native BConv2dDesc kernel_h(long v);
        public native @Cast("int64_t") long kernel_w(); public native BConv2dDesc kernel_w(long v);
        public native @Cast("int64_t") long stride_h(); public native BConv2dDesc stride_h(long v);
        public native @Cast("int64_t") long stride_w(); public native BConv2dDesc stride_w(long v);
        public native @Cast("int64_t") long pad_top(); public native BConv2dDesc pad_top(long v);
        public native @Cast("int64_t") long pad_left(); public native BConv2dDesc pad_left(long v);
        public native @Cast("int64_t") long pad_bottom(); public native BConv2dDesc pad_bottom(long v);
        public native @Cast("int64_t") long pad_right(); public native BConv2dDesc pad_right(long v);
        public native @Cast("int64_t") long dilation_h(); public native BConv2dDesc dilation_h(long v);
        public native @Cast("int64_t") long dilation_w(); public native BConv2dDesc dilation_w(long v);
        public native @Cast("int64_t") long groups(); public native BConv2dDesc groups(long v);
        public native int layout(); public native BConv2dDesc layout(int v);
        public native @ByRef Activation activation(); public native BConv2dDesc activation(Activation v);
        public native int padding_mode(); public native BConv2dDesc padding_mode(int v);
        public native int dst_dtype(); public native BConv2dDesc dst_dtype(int v);
        public native int activation_scaling(); public native BConv2dDesc activation_scaling(int v);
    }

    @Opaque @Name("frugal_bconv2d")
    public static class BConv2dHandle extends Pointer {
        public BConv2dHandle() { super((Pointer) null); }
        public BConv2dHandle(Pointer p) { super(p); }
    }

    public static native int frugal_bconv2d_out_shape(@Const BConv2dDesc desc, @Cast("int64_t*") long[] outH,
                                                      @Cast("int64_t*") long[] outW);

    public static native int frugal_bconv2d_create(@Const BConv2dDesc desc, @Const OpOptions options,
                                                   @Cast("const float*") Pointer weights,
                                                   @Cast("const float*") Pointer multiplier,
                                                   @Cast("const float*") Pointer bias,
                                                   @Cast("const float*") Pointer threshold,
                                                   @Cast("frugal_bconv2d**") PointerPointer<?> out);

    public static native int frugal_bconv2d_share(@Const BConv2dHandle conv, @Cast("frugal_bconv2d**") PointerPointer<?> out);

    public static native int frugal_bconv2d_execute(BConv2dHandle conv, @Cast("const void*") Pointer src,
                                                    @Cast("void*") Pointer dst);

    public static native int frugal_bconv2d_execute_scaled(BConv2dHandle conv, @Cast("const void*") Pointer srcBits,
                                                           @Cast("const float*") Pointer meanAbs,
                                                           @Cast("void*") Pointer dst);

    public static native @Cast("const char*") BytePointer frugal_bconv2d_impl_name(@Const BConv2dHandle conv);

    public static native void frugal_bconv2d_destroy(BConv2dHandle conv);

    // ------------------------------------------------------------------ bwconv2d (binary weights, BWN)
    @Opaque @Name("frugal_bwconv2d")
    public static class BWConv2dHandle extends Pointer {
        public BWConv2dHandle() { super((Pointer) null); }
        public BWConv2dHandle(Pointer p) { super(p); }
    }

    public static native int frugal_bwconv2d_create(@Const Conv2dDesc desc, @Const OpOptions options,
                                                    @Cast("const float*") Pointer weights,
                                                    @Cast("const float*") Pointer multiplier,
                                                    @Cast("const float*") Pointer bias,
                                                    @Cast("frugal_bwconv2d**") PointerPointer<?> out);

    public static native int frugal_bwconv2d_share(@Const BWConv2dHandle conv, @Cast("frugal_bwconv2d**") PointerPointer<?> out);

    public static native int frugal_bwconv2d_execute(BWConv2dHandle conv, @Cast("const float*") Pointer src,
                                                     @Cast("float*") Pointer dst);

    public static native @Cast("const char*") BytePointer frugal_bwconv2d_impl_name(@Const BWConv2dHandle conv);

    public static native void frugal_bwconv2d_destroy(BWConv2dHandle conv);
}
