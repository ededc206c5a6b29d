/*
 * frugal.h -- the one C ABI of Frugal.
 *
 * Plain C: opaque handles, int32_t status codes, no STL, so that the JavaCPP mapping
 * (java-bindings, io.frugal.jni.FrugalNative) stays a thin list of declarations.
 *
 * Conventions
 *  - Every function that can fail returns frugal_status; FRUGAL_OK is 0. After a failure,
 *    frugal_last_error() returns a message for the calling thread naming what was wrong.
 *  - Handles are created by *_create and released by *_destroy (NULL is accepted there).
 *  - A created operator handle is immutable apart from its execution buffers: one thread
 *    executes a handle at a time; frugal_*_share() makes a sibling handle that shares the
 *    packed weights and primitives but owns its own buffers, for another thread.
 *  - Tensors are plain pointers to dense memory; layouts are stated per operator.
 *  - Dimensions are int64_t; every size is checked for overflow before it is used.
 */
#ifndef FRUGAL_FRUGAL_H
#define FRUGAL_FRUGAL_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define FRUGAL_API __declspec(dllexport)
#else
#define FRUGAL_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ status */

typedef int32_t frugal_status;
enum {
    FRUGAL_OK = 0,
    FRUGAL_INVALID_ARGUMENT = 1,  /* a null pointer, a bad dimension, a shape mismatch   */
    FRUGAL_UNIMPLEMENTED = 2,     /* no kernel serves this problem (the message says why) */
    FRUGAL_UNSUPPORTED_ISA = 3,   /* a kernel was asked for an ISA this CPU lacks or is capped below */
    FRUGAL_OUT_OF_MEMORY = 4,
    FRUGAL_NO_DEVICE = 5,         /* e.g. no CUDA device or driver */
    FRUGAL_RUNTIME_ERROR = 6      /* a failure inside a backend (oneDNN, CUDA) */
};

/* Message of the last failure on the calling thread ("" if none). Valid until the next call. */
FRUGAL_API const char *frugal_last_error(void);
/* Short name of a status code, e.g. "FRUGAL_INVALID_ARGUMENT". */
FRUGAL_API const char *frugal_status_name(frugal_status status);

/* ------------------------------------------------------------------ library */

FRUGAL_API const char *frugal_version(void);
/* Versions of the libraries behind the kernels, e.g. "oneDNN 3.13.0 (cpu runtime OpenMP)". */
FRUGAL_API const char *frugal_backend_versions(void);
/* Does nothing: measures the cost of one call across the binding (JNI per operator). */
FRUGAL_API void frugal_noop(void);

/* ------------------------------------------------------------------ CPU */

/* ISA levels, ordered: each includes the ones before it. */
typedef int32_t frugal_isa;
enum {
    FRUGAL_ISA_SCALAR = 0,       /* x86-64 baseline (SSE2)                                   */
    FRUGAL_ISA_AVX2 = 1,         /* AVX2 + FMA + F16C                                        */
    FRUGAL_ISA_AVX512 = 2,       /* AVX-512 F, CD, BW, DQ, VL (Skylake-SP)                   */
    FRUGAL_ISA_AVX512_VNNI = 3,  /* + VNNI, VPOPCNTDQ, BITALG, VBMI, VBMI2 (Ice Lake-SP)     */
    FRUGAL_ISA_AVX512_AMX = 4    /* + BF16, AMX tile/int8/bf16 (Sapphire Rapids)             */
};

/* Single features, as bits of frugal_cpu_info.features. */
enum {
    FRUGAL_CPU_AVX2 = 1 << 0,
    FRUGAL_CPU_FMA = 1 << 1,
    FRUGAL_CPU_F16C = 1 << 2,
    FRUGAL_CPU_AVX512F = 1 << 3,
    FRUGAL_CPU_AVX512CD = 1 << 4,
    FRUGAL_CPU_AVX512BW = 1 << 5,
    FRUGAL_CPU_AVX512DQ = 1 << 6,
    FRUGAL_CPU_AVX512VL = 1 << 7,
    FRUGAL_CPU_AVX512_VNNI = 1 << 8,
    FRUGAL_CPU_AVX512_VPOPCNTDQ = 1 << 9,
    FRUGAL_CPU_AVX512_BITALG = 1 << 10,
    FRUGAL_CPU_AVX512_VBMI = 1 << 11,
    FRUGAL_CPU_AVX512_VBMI2 = 1 << 12,
    FRUGAL_CPU_AVX512_BF16 = 1 << 13,
    FRUGAL_CPU_AVX512_FP16 = 1 << 14,
    FRUGAL_CPU_AMX_TILE = 1 << 15,
    FRUGAL_CPU_AMX_INT8 = 1 << 16,
    FRUGAL_CPU_AMX_BF16 = 1 << 17,
    FRUGAL_CPU_OS_AVX512 = 1 << 18, /* the OS saves ZMM state (XCR0)            */
    FRUGAL_CPU_OS_AMX = 1 << 19     /* the OS granted AMX tile state (arch_prctl) */
};

typedef struct frugal_cpu_info {
    frugal_isa detected_isa;   /* highest level this CPU and OS support            */
    frugal_isa effective_isa;  /* detected_isa capped by FRUGAL_MAX_ISA            */
    uint32_t features;         /* FRUGAL_CPU_* bits detected (before the cap)      */
    int32_t logical_cores;     /* cores OpenMP will use                            */
    char brand[64];            /* CPUID brand string                               */
    char max_isa_env[32];      /* FRUGAL_MAX_ISA as read at load ("" if unset)     */
} frugal_cpu_info;

FRUGAL_API frugal_status frugal_cpu_info_get(frugal_cpu_info *info);
/* "scalar", "avx2", "avx512", "avx512_vnni", "avx512_amx"; NULL for an unknown level. */
FRUGAL_API const char *frugal_isa_name(frugal_isa isa);

/* ------------------------------------------------------------------ memory */

/* 64-byte aligned, zero-filled native memory for tensors. Free with frugal_free. */
FRUGAL_API frugal_status frugal_alloc(int64_t bytes, void **out);
FRUGAL_API void frugal_free(void *ptr);

/* ------------------------------------------------------------------ data types */

typedef int32_t frugal_dtype;
enum {
    FRUGAL_F32 = 0,
    FRUGAL_BF16 = 1,
    FRUGAL_S8 = 2,
    FRUGAL_U8 = 3,
    FRUGAL_S32 = 4,
    FRUGAL_BIT = 5 /* bit-packed: bit 1 means -1, 64 per uint64 word along the last axis */
};

/*
 * Element-wise conversion between f32 and bf16 (round to nearest even, NaN kept quiet).
 * impl: NULL for the fastest kernel this CPU (under FRUGAL_MAX_ISA) offers, or a kernel name
 * ("avx512:convert", "avx2:convert", "ref:convert") to pin one.
 */
FRUGAL_API frugal_status frugal_convert(const void *src, frugal_dtype src_dtype, void *dst,
                                        frugal_dtype dst_dtype, int64_t count, const char *impl);
/* Name of the kernel frugal_convert would use for impl == NULL. */
FRUGAL_API const char *frugal_convert_impl_name(frugal_dtype src_dtype, frugal_dtype dst_dtype);

/* ------------------------------------------------------------------ quantize / dequantize */

/*
 * Element-wise conversion at int8 precision boundaries, one per-tensor scale, zero point 0:
 *  - quantize (src f32, dst u8 or s8): q = saturate(round-half-even(x / scale)) into [0, 255]
 *    (u8) or [-128, 127] (s8). x / scale is an IEEE float (binary32) division, not a multiply by
 *    1 / scale, so that every kernel gives the same bits. NaN gives 0; +-Inf saturate.
 *  - dequantize (src u8 or s8, dst f32): x = (float)q * scale, one float multiply.
 * Other dtype pairs are refused. scale must be finite and positive; count >= 0 (0: execute does
 * nothing). Kernels "avx512:quantize", "avx2:quantize", "ref:quantize" are bit-exact with each
 * other; large counts are split across OpenMP threads. Rounding assumes the default
 * floating-point environment (round to nearest even, no flush to zero).
 */
typedef struct frugal_quantize_desc {
    int64_t count;
    frugal_dtype src_dtype; /* FRUGAL_F32 (quantize), or FRUGAL_U8 / FRUGAL_S8 (dequantize) */
    frugal_dtype dst_dtype; /* FRUGAL_U8 / FRUGAL_S8 (quantize), or FRUGAL_F32 (dequantize) */
    float scale;            /* real = scale * q */
} frugal_quantize_desc;

typedef struct frugal_quantize frugal_quantize;
struct frugal_op_options; /* defined below, with the operators */

/* options may be NULL; options->impl may pin a kernel by name or prefix ("ref", "avx2:quantize"). */
FRUGAL_API frugal_status frugal_quantize_create(const frugal_quantize_desc *desc,
                                                const struct frugal_op_options *options,
                                                frugal_quantize **out);
FRUGAL_API frugal_status frugal_quantize_share(const frugal_quantize *quantize, frugal_quantize **out);
/* src: count src_dtype elements, dst: count dst_dtype elements, not overlapping; both may be
 * NULL when count is 0. Allocates nothing. */
FRUGAL_API frugal_status frugal_quantize_execute(frugal_quantize *quantize, const void *src, void *dst);
/* The chosen kernel, e.g. "avx2:quantize". */
FRUGAL_API const char *frugal_quantize_impl_name(const frugal_quantize *quantize);
FRUGAL_API void frugal_quantize_destroy(frugal_quantize *quantize);

/* ------------------------------------------------------------------ bitpack (f32 <-> BIT) */

/*
 * Sign packing along the last axis, between f32 and FRUGAL_BIT (DESIGN.md 3.1), over a dense
 * [rows, cols] matrix (rows: the product of all axes but the last; cols: the last axis):
 *  - pack (src f32 [rows, cols], dst BIT: rows of words = ceil(cols / 64) uint64): value j of a
 *    row is bit j % 64 of word j / 64 (little-endian), bit = (x < 0.0f) as an IEEE ordered
 *    compare, so sign(x) = +1 for x >= 0: +0.0f and -0.0f give 0, every NaN (whichever its sign
 *    bit) gives 0 (+1), -Inf and negative denormals give 1 (-1). Bits past cols in a row's last
 *    word are written 0. This is the same rule as a bit-packed output y_bit = [y < threshold].
 *  - unpack (src BIT, dst f32): bit 1 -> -1.0f, bit 0 -> +1.0f; bits past cols are ignored.
 * rows, cols >= 0 (an empty matrix: execute does nothing). Kernels "avx512:bitpack",
 * "avx2:bitpack", "ref:bitpack" are bit-exact with each other; large matrices are split across
 * OpenMP threads by rows. Compares assume the default floating-point environment (no
 * denormals-are-zero).
 */
typedef int32_t frugal_bitpack_direction;
enum {
    FRUGAL_BITPACK_PACK = 0,  /* f32 -> BIT */
    FRUGAL_BITPACK_UNPACK = 1 /* BIT -> f32 (+-1) */
};

typedef struct frugal_bitpack_desc {
    int64_t rows;
    int64_t cols;
    frugal_bitpack_direction direction;
} frugal_bitpack_desc;

typedef struct frugal_bitpack frugal_bitpack;

/* options may be NULL; options->impl may pin a kernel by name or prefix ("ref", "avx2:bitpack"). */
FRUGAL_API frugal_status frugal_bitpack_create(const frugal_bitpack_desc *desc,
                                               const struct frugal_op_options *options,
                                               frugal_bitpack **out);
FRUGAL_API frugal_status frugal_bitpack_share(const frugal_bitpack *bitpack, frugal_bitpack **out);
/* pack: src rows * cols floats (4-byte aligned), dst rows * ceil(cols / 64) uint64 words (8-byte
 * aligned); unpack the other way round. Not overlapping; both may be NULL when rows * cols is 0.
 * Allocates nothing. */
FRUGAL_API frugal_status frugal_bitpack_execute(frugal_bitpack *bitpack, const void *src, void *dst);
/* A PACK op's bits (as frugal_bitpack_execute) plus, in the same pass, each row's mean |x|
 * (XNOR-Net's A, for frugal_bconv2d_execute_scaled: pack an NHWC [N, H, W, C] tensor with rows =
 * N * H * W, cols = C): mean_abs F32 [rows], 4-byte aligned, not overlapping src or dst. The float
 * sum has one fixed order, so every kernel gives the same value: 8 partial sums, sum j adding
 * |x_i| for i = j mod 8 in increasing i, then ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)),
 * divided by (float) cols (0 when cols is 0); a NaN input gives a NaN mean. An UNPACK op is
 * refused (FRUGAL_INVALID_ARGUMENT). Allocates nothing. */
FRUGAL_API frugal_status frugal_bitpack_execute_mean_abs(frugal_bitpack *bitpack, const void *src, void *dst,
                                                         float *mean_abs);
/* The chosen kernel, e.g. "avx2:bitpack". */
FRUGAL_API const char *frugal_bitpack_impl_name(const frugal_bitpack *bitpack);
FRUGAL_API void frugal_bitpack_destroy(frugal_bitpack *bitpack);

/* ------------------------------------------------------------------ activations */

typedef int32_t frugal_activation_kind;
enum {
    FRUGAL_ACT_NONE = 0,
    FRUGAL_ACT_RELU = 1,          /* max(x, 0) + alpha * min(x, 0): alpha 0 is ReLU, else LeakyRelu */
    FRUGAL_ACT_CLIP = 2,          /* min(max(x, alpha), beta)                                       */
    FRUGAL_ACT_SIGMOID = 3,       /* 1 / (1 + exp(-x))                                              */
    FRUGAL_ACT_HARD_SIGMOID = 4,  /* max(0, min(1, alpha * x + beta))                              */
    FRUGAL_ACT_HARD_SWISH = 5,    /* x * max(0, min(1, alpha * x + beta)) (ONNX: 1/6, 1/2)         */
    FRUGAL_ACT_TANH = 6,
    FRUGAL_ACT_SQRT = 7,          /* sqrt(x) (NaN below 0)                                         */
    FRUGAL_ACT_POW = 8,           /* x ^ alpha (ONNX Pow with a constant scalar exponent; NaN for
                                     x < 0 and a non-integer alpha)                                */
    FRUGAL_ACT_EXP = 9,           /* exp(x)                                                        */
    FRUGAL_ACT_ABS = 10,          /* |x|                                                           */
    FRUGAL_ACT_NEG = 11           /* -x                                                            */
};

typedef struct frugal_activation {
    frugal_activation_kind kind;
    float alpha;
    float beta;
} frugal_activation;

/* ------------------------------------------------------------------ operator options */

typedef struct frugal_op_options {
    /* NULL or "" for the first kernel that serves the problem, fastest first; otherwise the
     * name (or a prefix of it, e.g. "ref" or "onednn") of the kernel that must serve it. */
    const char *impl;
} frugal_op_options;

/* ------------------------------------------------------------------ 2-D convolution */

typedef int32_t frugal_layout;
enum {
    FRUGAL_LAYOUT_NCHW = 0,
    FRUGAL_LAYOUT_NHWC = 1
};

/*
 * Forward 2-D convolution, fp32. Weights are [OC, IC/groups, KH, KW] (ONNX order); bias is
 * [OC] or NULL. Output size per axis: (in + pad_begin + pad_end - dilation*(k-1) - 1)/stride + 1.
 * Dilation 1 means none (the ONNX convention). The fused activation follows the bias.
 */
typedef struct frugal_conv2d_desc {
    int64_t batch;
    int64_t in_channels, in_h, in_w;
    int64_t out_channels;
    int64_t kernel_h, kernel_w;
    int64_t stride_h, stride_w;
    int64_t pad_top, pad_left, pad_bottom, pad_right;
    int64_t dilation_h, dilation_w;
    int64_t groups;
    frugal_layout layout; /* of src and dst */
    frugal_activation activation;
} frugal_conv2d_desc;

typedef struct frugal_conv2d frugal_conv2d;

/* Output height and width the descriptor implies (after validating it). */
FRUGAL_API frugal_status frugal_conv2d_out_shape(const frugal_conv2d_desc *desc, int64_t *out_h,
                                                 int64_t *out_w);
/* Validates the descriptor, chooses a kernel, packs the weights once. options may be NULL. */
FRUGAL_API frugal_status frugal_conv2d_create(const frugal_conv2d_desc *desc,
                                              const frugal_op_options *options,
                                              const float *weights, const float *bias,
                                              frugal_conv2d **out);
/* A sibling handle sharing packed weights and primitives, with its own execution buffers. */
FRUGAL_API frugal_status frugal_conv2d_share(const frugal_conv2d *conv, frugal_conv2d **out);
/* src and dst are dense in the descriptor's layout. Allocates nothing. */
FRUGAL_API frugal_status frugal_conv2d_execute(frugal_conv2d *conv, const float *src, float *dst);
/* The chosen kernel, e.g. "onednn:brg_conv_fwd:avx512_core" or "ref:direct". */
FRUGAL_API const char *frugal_conv2d_impl_name(const frugal_conv2d *conv);
FRUGAL_API void frugal_conv2d_destroy(frugal_conv2d *conv);

/* ------------------------------------------------------------------ int8 2-D convolution */

/*
 * Forward 2-D convolution in int8 (post-training quantization, symmetric, zero points 0).
 * Geometry, layout and activation as frugal_conv2d_desc. The arithmetic:
 *  - src is u8 or s8 with one per-tensor scale: real = src_scale * q.
 *  - Weights arrive as fp32 [OC, IC/groups, KH, KW] and are quantized once, at create, per
 *    output channel: s_w[oc] = max|W[oc, ...]| / 127 (computed in double, stored as float),
 *    q_w = round-half-even(W / s_w) clamped to [-127, 127]. An all-zero channel gets s_w = 1
 *    and all-zero q_w. NaN or infinite weights or bias are refused.
 *  - acc = sum q_x * q_w in s32 (IC/groups * KH * KW is limited so that it cannot overflow);
 *    y = src_scale * s_w[oc] * acc + bias[oc] (bias fp32 [OC] or NULL); then the activation.
 *  - dst is y as f32, or q_y = saturate(round-half-even(y / dst_scale)) as u8 or s8.
 * Kernels may differ from this in the last bit of an f32 result and by one in an int8 result
 * (oneDNN computes the scale step in float). Scales must be finite and positive (dst_scale is
 * ignored for an f32 dst).
 */
typedef struct frugal_qconv2d_desc {
    int64_t batch;
    int64_t in_channels, in_h, in_w;
    int64_t out_channels;
    int64_t kernel_h, kernel_w;
    int64_t stride_h, stride_w;
    int64_t pad_top, pad_left, pad_bottom, pad_right;
    int64_t dilation_h, dilation_w;
    int64_t groups;
    frugal_layout layout; /* of src and dst */
    frugal_activation activation;
    frugal_dtype src_dtype; /* FRUGAL_U8 or FRUGAL_S8 */
    float src_scale;
    frugal_dtype dst_dtype; /* FRUGAL_F32, FRUGAL_U8 or FRUGAL_S8 */
    float dst_scale;        /* for a u8/s8 dst; ignored for f32 */
} frugal_qconv2d_desc;

typedef struct frugal_qconv2d frugal_qconv2d;

/* Largest IC/groups * KH * KW whose s32 accumulation cannot overflow: (2^31 - 1) / (255 * 127). */
#define FRUGAL_QCONV2D_MAX_REDUCTION 66311

FRUGAL_API frugal_status frugal_qconv2d_out_shape(const frugal_qconv2d_desc *desc, int64_t *out_h,
                                                  int64_t *out_w);
/* Validates the descriptor and the weights, quantizes and packs the weights once, chooses a
 * kernel. weights: fp32 [OC, IC/groups, KH, KW]; bias: fp32 [OC] or NULL; options may be NULL. */
FRUGAL_API frugal_status frugal_qconv2d_create(const frugal_qconv2d_desc *desc,
                                               const frugal_op_options *options,
                                               const float *weights, const float *bias,
                                               frugal_qconv2d **out);
FRUGAL_API frugal_status frugal_qconv2d_share(const frugal_qconv2d *conv, frugal_qconv2d **out);
/* src: dense src_dtype elements, dst: dense dst_dtype elements, in the layout. Allocates nothing. */
FRUGAL_API frugal_status frugal_qconv2d_execute(frugal_qconv2d *conv, const void *src, void *dst);
/* The per-output-channel weight scales s_w the handle uses: count must be out_channels. */
FRUGAL_API frugal_status frugal_qconv2d_weight_scales(const frugal_qconv2d *conv, float *out, int64_t count);
/* The chosen kernel, e.g. "onednn:brg_conv_fwd:avx512_core_vnni", "avx2:int8_s16" or "ref:direct". */
FRUGAL_API const char *frugal_qconv2d_impl_name(const frugal_qconv2d *conv);
FRUGAL_API void frugal_qconv2d_destroy(frugal_qconv2d *conv);

/* ------------------------------------------------------------------ matrix multiply */

/*
 * dst[b] = act(src[b] x W + bias), fp32, row-major: src [batch, M, K], dst [batch, M, N],
 * W constant: [K, N], or [N, K] when weights_transposed (the ONNX Gemm transB=1 layout);
 * bias [N] or NULL.
 */
typedef struct frugal_matmul_desc {
    int64_t batch;
    int64_t m, k, n;
    int32_t weights_transposed;
    frugal_activation activation;
} frugal_matmul_desc;

typedef struct frugal_matmul frugal_matmul;

FRUGAL_API frugal_status frugal_matmul_create(const frugal_matmul_desc *desc,
                                              const frugal_op_options *options,
                                              const float *weights, const float *bias,
                                              frugal_matmul **out);
FRUGAL_API frugal_status frugal_matmul_share(const frugal_matmul *matmul, frugal_matmul **out);
FRUGAL_API frugal_status frugal_matmul_execute(frugal_matmul *matmul, const float *src, float *dst);
FRUGAL_API const char *frugal_matmul_impl_name(const frugal_matmul *matmul);
FRUGAL_API void frugal_matmul_destroy(frugal_matmul *matmul);

/* ------------------------------------------------------------------ int8 matrix multiply */

/*
 * dst[b, m, n] from src [batch, m, k] (u8/s8, per-tensor src_scale) and constant fp32 weights
 * [k, n] ([n, k] when weights_transposed), quantized once at create per column n, exactly as
 * frugal_qconv2d_desc quantizes per output channel: s_w[n] = max_k |W[k, n]| / 127, q_w =
 * round-half-even(W / s_w) clamped to [-127, 127], an all-zero column gets s_w = 1. Then
 * acc = sum_k q_x * q_w (s32; k <= FRUGAL_QCONV2D_MAX_REDUCTION), y = act(src_scale * s_w[n] *
 * acc + bias[n]) (bias fp32 [n] or NULL), dst f32 or saturate(round-half-even(y / dst_scale)) as
 * u8/s8. Row-major, dense.
 */
typedef struct frugal_qmatmul_desc {
    int64_t batch;
    int64_t m, k, n;
    int32_t weights_transposed; /* 0: weights [k, n]; 1: weights [n, k] */
    frugal_activation activation;
    frugal_dtype src_dtype; /* FRUGAL_U8 or FRUGAL_S8 */
    float src_scale;
    frugal_dtype dst_dtype; /* FRUGAL_F32, FRUGAL_U8 or FRUGAL_S8 */
    float dst_scale;        /* for a u8/s8 dst; ignored for f32 */
} frugal_qmatmul_desc;

typedef struct frugal_qmatmul frugal_qmatmul;

FRUGAL_API frugal_status frugal_qmatmul_create(const frugal_qmatmul_desc *desc,
                                               const frugal_op_options *options,
                                               const float *weights, const float *bias,
                                               frugal_qmatmul **out);
FRUGAL_API frugal_status frugal_qmatmul_share(const frugal_qmatmul *matmul, frugal_qmatmul **out);
/* src: dense src_dtype [batch, m, k]; dst: dense dst_dtype [batch, m, n]. Allocates nothing. */
FRUGAL_API frugal_status frugal_qmatmul_execute(frugal_qmatmul *matmul, const void *src, void *dst);
/* The per-column weight scales s_w the handle uses: count must be n. */
FRUGAL_API frugal_status frugal_qmatmul_weight_scales(const frugal_qmatmul *matmul, float *out, int64_t count);
FRUGAL_API const char *frugal_qmatmul_impl_name(const frugal_qmatmul *matmul);
FRUGAL_API void frugal_qmatmul_destroy(frugal_qmatmul *matmul);

/* ------------------------------------------------------------------ 2-D pooling */

typedef int32_t frugal_pool_kind;
enum {
    FRUGAL_POOL_MAX = 0,
    FRUGAL_POOL_AVG = 1
};

/*
 * Forward 2-D max or average pooling, fp32 (ONNX MaxPool, AveragePool, GlobalMaxPool,
 * GlobalAveragePool). src [N, C, H, W] or [N, H, W, C] per layout, dst likewise.
 * Output size per axis: (in + pad_begin + pad_end - dilation*(k-1) - 1)/stride + 1, rounded down,
 * or up when ceil_mode; in ceil mode a last window that would start past the input and the
 * begin padding is dropped (ONNX / ONNX Runtime). Padding must be smaller than the dilated
 * kernel. Max pooling ignores padded taps; average pooling divides by the taps inside the
 * input (count_include_pad 0) or inside the padded input (count_include_pad 1; taps of the
 * ceil-mode overhang beyond pad_end never count). Dilation (1 = none) is for max pooling only.
 * global: kernel = the whole image, stride 1, no padding; kernel, stride, padding, dilation
 * and ceil_mode are then ignored.
 */
typedef struct frugal_pool2d_desc {
    int64_t batch, channels, in_h, in_w;
    frugal_pool_kind kind;
    int32_t global;
    int64_t kernel_h, kernel_w;
    int64_t stride_h, stride_w;
    int64_t pad_top, pad_left, pad_bottom, pad_right;
    int64_t dilation_h, dilation_w;
    int32_t ceil_mode;
    int32_t count_include_pad;
    frugal_layout layout; /* of src and dst */
} frugal_pool2d_desc;

typedef struct frugal_pool2d frugal_pool2d;

FRUGAL_API frugal_status frugal_pool2d_out_shape(const frugal_pool2d_desc *desc, int64_t *out_h,
                                                 int64_t *out_w);
/* Validates the descriptor and chooses a kernel. options may be NULL. */
FRUGAL_API frugal_status frugal_pool2d_create(const frugal_pool2d_desc *desc,
                                              const frugal_op_options *options, frugal_pool2d **out);
FRUGAL_API frugal_status frugal_pool2d_share(const frugal_pool2d *pool, frugal_pool2d **out);
/* src and dst are dense in the descriptor's layout. Allocates nothing. */
FRUGAL_API frugal_status frugal_pool2d_execute(frugal_pool2d *pool, const float *src, float *dst);
FRUGAL_API const char *frugal_pool2d_impl_name(const frugal_pool2d *pool);
FRUGAL_API void frugal_pool2d_destroy(frugal_pool2d *pool);

/* ------------------------------------------------------------------ element-wise activation */

/*
 * dst[i] = act(src[i]) for the count elements of a dense fp32 tensor of any rank (the
 * frugal_activation kinds; FRUGAL_ACT_NONE copies). For activations that cannot be fused.
 */
typedef struct frugal_eltwise_desc {
    int64_t count;
    frugal_activation activation;
} frugal_eltwise_desc;

typedef struct frugal_eltwise frugal_eltwise;

FRUGAL_API frugal_status frugal_eltwise_create(const frugal_eltwise_desc *desc,
                                               const frugal_op_options *options, frugal_eltwise **out);
FRUGAL_API frugal_status frugal_eltwise_share(const frugal_eltwise *eltwise, frugal_eltwise **out);
/* src and dst hold count floats. Allocates nothing. */
FRUGAL_API frugal_status frugal_eltwise_execute(frugal_eltwise *eltwise, const float *src, float *dst);
FRUGAL_API const char *frugal_eltwise_impl_name(const frugal_eltwise *eltwise);
FRUGAL_API void frugal_eltwise_destroy(frugal_eltwise *eltwise);

/* ------------------------------------------------------------------ binary element-wise */

#define FRUGAL_MAX_RANK 6

typedef int32_t frugal_binary_kind;
enum {
    FRUGAL_BINARY_ADD = 0,
    FRUGAL_BINARY_MUL = 1,
    FRUGAL_BINARY_SUB = 2,
    FRUGAL_BINARY_DIV = 3
};

/*
 * dst = act(src0 op src1), fp32, dense row-major, with ONNX multidirectional broadcasting:
 * shapes are aligned on their last axis, and each pair of dimensions must be equal or one of
 * them 1. dst has the broadcast shape. Rank 0 (a scalar) to FRUGAL_MAX_RANK.
 */
typedef struct frugal_binary_desc {
    frugal_binary_kind kind;
    int32_t rank0, rank1;
    int64_t dims0[FRUGAL_MAX_RANK];
    int64_t dims1[FRUGAL_MAX_RANK];
    frugal_activation activation;
} frugal_binary_desc;

typedef struct frugal_binary frugal_binary;

/* Rank and dimensions of dst (dims: room for FRUGAL_MAX_RANK). */
FRUGAL_API frugal_status frugal_binary_out_shape(const frugal_binary_desc *desc, int32_t *rank, int64_t *dims);
FRUGAL_API frugal_status frugal_binary_create(const frugal_binary_desc *desc,
                                              const frugal_op_options *options, frugal_binary **out);
FRUGAL_API frugal_status frugal_binary_share(const frugal_binary *binary, frugal_binary **out);
/* src0, src1 and dst dense in their shapes; dst must not overlap the inputs. Allocates nothing. */
FRUGAL_API frugal_status frugal_binary_execute(frugal_binary *binary, const float *src0, const float *src1,
                                               float *dst);
FRUGAL_API const char *frugal_binary_impl_name(const frugal_binary *binary);
FRUGAL_API void frugal_binary_destroy(frugal_binary *binary);

/* ------------------------------------------------------------------ softmax */

/*
 * Softmax, fp32, dense row-major, rank 1 to FRUGAL_MAX_RANK; axis in [-rank, rank).
 * coerce_2d 0 (ONNX opset >= 13): dst = exp(x - max) / sum exp(x - max) along axis alone.
 * coerce_2d 1 (ONNX opset < 13): the tensor is seen as 2-D [prod(dims[:axis]), prod(dims[axis:])]
 * and the softmax runs over each row of that view.
 */
typedef struct frugal_softmax_desc {
    int32_t rank;
    int64_t dims[FRUGAL_MAX_RANK];
    int32_t axis;
    int32_t coerce_2d;
} frugal_softmax_desc;

typedef struct frugal_softmax frugal_softmax;

FRUGAL_API frugal_status frugal_softmax_create(const frugal_softmax_desc *desc,
                                               const frugal_op_options *options, frugal_softmax **out);
FRUGAL_API frugal_status frugal_softmax_share(const frugal_softmax *softmax, frugal_softmax **out);
/* src and dst dense in the descriptor's shape. Allocates nothing. */
FRUGAL_API frugal_status frugal_softmax_execute(frugal_softmax *softmax, const float *src, float *dst);
FRUGAL_API const char *frugal_softmax_impl_name(const frugal_softmax *softmax);
FRUGAL_API void frugal_softmax_destroy(frugal_softmax *softmax);

/* ------------------------------------------------------------------ batched matrix multiply */

/*
 * ONNX MatMul of two run-time tensors (numpy matmul), fp32, dense row-major:
 *   dst[..., m, n] = sum_k a[..., m, k] * b[..., k, n]
 * Ranks 1 to FRUGAL_MAX_RANK. A rank-1 a is promoted to [1, K] and a rank-1 b to [K, 1]; the
 * added dimension is removed from dst. The batch dimensions (all but the last two) broadcast by
 * ONNX rules: aligned on the right, each pair equal or one of them 1. dst has the broadcast batch
 * dimensions, then M (unless a is rank 1), then N (unless b is rank 1): rank 0 when both are 1.
 * For constant weights packed once, use frugal_matmul.
 */
typedef struct frugal_batch_matmul_desc {
    int32_t a_rank;
    int64_t a_dims[FRUGAL_MAX_RANK];
    int32_t b_rank;
    int64_t b_dims[FRUGAL_MAX_RANK];
} frugal_batch_matmul_desc;

typedef struct frugal_batch_matmul frugal_batch_matmul;

/* Rank and dimensions of dst (dims: room for FRUGAL_MAX_RANK). */
FRUGAL_API frugal_status frugal_batch_matmul_out_shape(const frugal_batch_matmul_desc *desc, int32_t *rank,
                                                       int64_t *dims);
FRUGAL_API frugal_status frugal_batch_matmul_create(const frugal_batch_matmul_desc *desc,
                                                    const frugal_op_options *options, frugal_batch_matmul **out);
FRUGAL_API frugal_status frugal_batch_matmul_share(const frugal_batch_matmul *matmul, frugal_batch_matmul **out);
/* a, b and dst dense in their shapes; dst must not overlap the inputs. Allocates nothing. */
FRUGAL_API frugal_status frugal_batch_matmul_execute(frugal_batch_matmul *matmul, const float *a, const float *b,
                                                     float *dst);
FRUGAL_API const char *frugal_batch_matmul_impl_name(const frugal_batch_matmul *matmul);
FRUGAL_API void frugal_batch_matmul_destroy(frugal_batch_matmul *matmul);

/* ------------------------------------------------------------------ reduction */

typedef int32_t frugal_reduce_kind;
enum {
    FRUGAL_REDUCE_MEAN = 0,       /* sum x / count (ONNX ReduceMean)    */
    FRUGAL_REDUCE_SUM = 1,        /* sum x         (ReduceSum)          */
    FRUGAL_REDUCE_MAX = 2,        /* max x         (ReduceMax)          */
    FRUGAL_REDUCE_MIN = 3,        /* min x         (ReduceMin)          */
    FRUGAL_REDUCE_PROD = 4,       /* prod x        (ReduceProd)         */
    FRUGAL_REDUCE_L2 = 5,         /* sqrt(sum x^2) (ReduceL2)           */
    FRUGAL_REDUCE_SUM_SQUARE = 6  /* sum x^2       (ReduceSumSquare)    */
};

/*
 * ONNX Reduce* over a set of axes of a dense fp32 row-major tensor of rank 1 to FRUGAL_MAX_RANK.
 * axes_mask: bit i set reduces axis i (bits at or above rank are refused); 0 reduces every axis
 * (ONNX's empty axes with noop_with_empty_axes = 0). dst is dense with the reduced dimensions of
 * extent 1 (keepdims = 0 is the same memory, only the caller's shape differs).
 */
typedef struct frugal_reduce_desc {
    frugal_reduce_kind kind;
    int32_t rank;
    int64_t dims[FRUGAL_MAX_RANK];
    int32_t axes_mask;
} frugal_reduce_desc;

typedef struct frugal_reduce frugal_reduce;

/* Rank and dimensions of dst (dims: room for FRUGAL_MAX_RANK); rank is the input rank. */
FRUGAL_API frugal_status frugal_reduce_out_shape(const frugal_reduce_desc *desc, int32_t *rank, int64_t *dims);
FRUGAL_API frugal_status frugal_reduce_create(const frugal_reduce_desc *desc, const frugal_op_options *options,
                                              frugal_reduce **out);
FRUGAL_API frugal_status frugal_reduce_share(const frugal_reduce *reduce, frugal_reduce **out);
/* src and dst dense in their shapes. Allocates nothing. */
FRUGAL_API frugal_status frugal_reduce_execute(frugal_reduce *reduce, const float *src, float *dst);
FRUGAL_API const char *frugal_reduce_impl_name(const frugal_reduce *reduce);
FRUGAL_API void frugal_reduce_destroy(frugal_reduce *reduce);

/* ------------------------------------------------------------------ 2-D transposed convolution */

/*
 * Forward 2-D transposed convolution, fp32 (ONNX ConvTranspose):
 *   dst[n, oc, ih*sh - pt + kh*dh, iw*sw - pl + kw*dw] += src[n, ic, ih, iw] * w[ic, oc % OCg, kh, kw]
 * over ic in oc's group, then bias and the activation. Weights [in_channels,
 * out_channels/groups, kernel_h, kernel_w], bias [out_channels] or NULL; src [N, C_in, H, W] or
 * [N, H, W, C_in] per layout, dst likewise. Output size per axis:
 *   stride*(in - 1) + output_padding + dilation*(k - 1) + 1 - pad_begin - pad_end
 * which must be positive; output_padding must be smaller than the stride or the dilation.
 */
typedef struct frugal_conv_transpose2d_desc {
    int64_t batch, in_channels, in_h, in_w;
    int64_t out_channels;
    int64_t kernel_h, kernel_w;
    int64_t stride_h, stride_w;
    int64_t pad_top, pad_left, pad_bottom, pad_right;
    int64_t output_padding_h, output_padding_w;
    int64_t dilation_h, dilation_w;
    int64_t groups;
    frugal_layout layout; /* of src and dst */
    frugal_activation activation;
} frugal_conv_transpose2d_desc;

typedef struct frugal_conv_transpose2d frugal_conv_transpose2d;

FRUGAL_API frugal_status frugal_conv_transpose2d_out_shape(const frugal_conv_transpose2d_desc *desc,
                                                           int64_t *out_h, int64_t *out_w);
/* Validates the descriptor, chooses a kernel, packs the weights once. options may be NULL. */
FRUGAL_API frugal_status frugal_conv_transpose2d_create(const frugal_conv_transpose2d_desc *desc,
                                                        const frugal_op_options *options,
                                                        const float *weights, const float *bias,
                                                        frugal_conv_transpose2d **out);
FRUGAL_API frugal_status frugal_conv_transpose2d_share(const frugal_conv_transpose2d *conv,
                                                       frugal_conv_transpose2d **out);
/* src and dst are dense in the descriptor's layout. Allocates nothing. */
FRUGAL_API frugal_status frugal_conv_transpose2d_execute(frugal_conv_transpose2d *conv, const float *src,
                                                         float *dst);
FRUGAL_API const char *frugal_conv_transpose2d_impl_name(const frugal_conv_transpose2d *conv);
FRUGAL_API void frugal_conv_transpose2d_destroy(frugal_conv_transpose2d *conv);

/* ------------------------------------------------------------------ concat */

#define FRUGAL_MAX_CONCAT_INPUTS 64

/*
 * ONNX Concat, fp32, dense row-major: count inputs (1 to FRUGAL_MAX_CONCAT_INPUTS) of rank 1 to
 * FRUGAL_MAX_RANK, equal in every dimension but axis (in [-rank, rank)), joined along axis in
 * order. dims holds the shared dimensions (dims[axis] is ignored); axis_dims[i] is input i's
 * extent along axis. dst has dims with dims[axis] = the sum of axis_dims.
 */
typedef struct frugal_concat_desc {
    int32_t rank;
    int32_t axis;
    int32_t count;
    int64_t dims[FRUGAL_MAX_RANK];
    int64_t axis_dims[FRUGAL_MAX_CONCAT_INPUTS];
} frugal_concat_desc;

typedef struct frugal_concat frugal_concat;

/* Rank and dimensions of dst (dims: room for FRUGAL_MAX_RANK). */
FRUGAL_API frugal_status frugal_concat_out_shape(const frugal_concat_desc *desc, int32_t *rank, int64_t *dims);
FRUGAL_API frugal_status frugal_concat_create(const frugal_concat_desc *desc,
                                              const frugal_op_options *options, frugal_concat **out);
FRUGAL_API frugal_status frugal_concat_share(const frugal_concat *concat, frugal_concat **out);
/* srcs: count pointers, each dense in its shape; dst must not overlap them. Allocates nothing. */
FRUGAL_API frugal_status frugal_concat_execute(frugal_concat *concat, const float *const *srcs, int32_t count,
                                               float *dst);
FRUGAL_API const char *frugal_concat_impl_name(const frugal_concat *concat);
FRUGAL_API void frugal_concat_destroy(frugal_concat *concat);

/* ------------------------------------------------------------------ reorder */

/*
 * A strided copy, fp32: the one kernel behind ONNX Transpose and Slice, and any gather of a
 * strided view of src. dst is dense row-major with dims (rank 1 to FRUGAL_MAX_RANK, positive):
 *   dst[i_0, ..., i_{rank-1}] = src[src_offset + sum_k i_k * src_strides[k]]
 * Strides and the offset are in elements, >= 0 (a stride of 0 repeats an element along that
 * axis). src_elements is the size of the src buffer: every read must fall inside it,
 * src_offset + sum_k (dims[k] - 1) * src_strides[k] < src_elements, or create refuses.
 */
typedef struct frugal_reorder_desc {
    int32_t rank;
    int64_t dims[FRUGAL_MAX_RANK];
    int64_t src_strides[FRUGAL_MAX_RANK];
    int64_t src_offset;
    int64_t src_elements;
} frugal_reorder_desc;

typedef struct frugal_reorder frugal_reorder;

/* Validates the descriptor (every read in bounds) and chooses a kernel. options may be NULL. */
FRUGAL_API frugal_status frugal_reorder_create(const frugal_reorder_desc *desc,
                                               const frugal_op_options *options, frugal_reorder **out);
FRUGAL_API frugal_status frugal_reorder_share(const frugal_reorder *reorder, frugal_reorder **out);
/* src holds src_elements floats, dst prod(dims) floats; they must not overlap. Allocates nothing. */
FRUGAL_API frugal_status frugal_reorder_execute(frugal_reorder *reorder, const float *src, float *dst);
FRUGAL_API const char *frugal_reorder_impl_name(const frugal_reorder *reorder);
FRUGAL_API void frugal_reorder_destroy(frugal_reorder *reorder);

/* ------------------------------------------------------------------ resize */

typedef int32_t frugal_resize_mode;
enum {
    FRUGAL_RESIZE_NEAREST = 0,
    FRUGAL_RESIZE_LINEAR = 1,  /* bilinear over H and W, source indices clamped to the edge */
    FRUGAL_RESIZE_CUBIC = 2    /* refused (FRUGAL_UNIMPLEMENTED)                            */
};

/* x_original = f(x) for output coordinate x along one axis, with that axis's scale, in_len
 * and out_len (ONNX coordinate_transformation_mode). */
typedef int32_t frugal_resize_coordinate_mode;
enum {
    FRUGAL_RESIZE_COORD_HALF_PIXEL = 0,           /* (x + 0.5) / scale - 0.5                          */
    FRUGAL_RESIZE_COORD_PYTORCH_HALF_PIXEL = 1,   /* out_len > 1 ? (x + 0.5) / scale - 0.5 : 0        */
    FRUGAL_RESIZE_COORD_ALIGN_CORNERS = 2,        /* out_len > 1 ? x * (in_len - 1) / (out_len - 1) : 0 */
    FRUGAL_RESIZE_COORD_ASYMMETRIC = 3,           /* x / scale                                        */
    FRUGAL_RESIZE_COORD_TF_HALF_PIXEL_FOR_NN = 4, /* (x + 0.5) / scale                                */
    FRUGAL_RESIZE_COORD_TF_CROP_AND_RESIZE = 5    /* refused (FRUGAL_UNIMPLEMENTED): roi, extrapolation */
};

/* How NEAREST turns x_original into an index (then clamped to [0, in_len - 1]). */
typedef int32_t frugal_resize_nearest_mode;
enum {
    FRUGAL_RESIZE_ROUND_PREFER_FLOOR = 0,  /* nearest; halves go down */
    FRUGAL_RESIZE_ROUND_PREFER_CEIL = 1,   /* nearest; halves go up   */
    FRUGAL_RESIZE_ROUND_FLOOR = 2,
    FRUGAL_RESIZE_ROUND_CEIL = 3
};

/*
 * ONNX Resize (opsets 10 to 17), fp32: only H and W change. Per layout, src [batch, channels,
 * in_h, in_w] and dst [batch, channels, out_h, out_w] (NCHW), or src [batch, in_h, in_w, channels]
 * and dst [batch, out_h, out_w, channels] (NHWC); both dense. scale_h and scale_w (finite, > 0)
 * are the scales of the coordinate transform: ONNX's scales (for which ONNX makes out =
 * floor(in * scale)), or out / in when ONNX gives sizes; ALIGN_CORNERS uses the lengths instead.
 * Coordinates are computed in double, as the ONNX reference implementation does. NEAREST: the
 * pixel at the rounded x_original (nearest_mode), clamped to the edge. LINEAR: the bilinear blend
 * of floor(x_original) and floor(x_original) + 1 on each axis, both clamped to the edge (no
 * extrapolation, no exclude_outside). nearest_mode is read for NEAREST only.
 */
typedef struct frugal_resize_desc {
    int64_t batch, channels, in_h, in_w;
    int64_t out_h, out_w;
    float scale_h, scale_w;
    frugal_resize_mode mode;
    frugal_resize_coordinate_mode coordinate_transformation_mode;
    frugal_resize_nearest_mode nearest_mode;
    frugal_layout layout; /* of src and dst */
} frugal_resize_desc;

typedef struct frugal_resize frugal_resize;

/* Validates the descriptor, chooses a kernel, builds its index and weight tables once.
 * options may be NULL. */
FRUGAL_API frugal_status frugal_resize_create(const frugal_resize_desc *desc,
                                              const frugal_op_options *options, frugal_resize **out);
FRUGAL_API frugal_status frugal_resize_share(const frugal_resize *resize, frugal_resize **out);
/* src and dst dense in the descriptor's shapes and layout; they must not overlap. Allocates nothing. */
FRUGAL_API frugal_status frugal_resize_execute(frugal_resize *resize, const float *src, float *dst);
FRUGAL_API const char *frugal_resize_impl_name(const frugal_resize *resize);
FRUGAL_API void frugal_resize_destroy(frugal_resize *resize);

/* ------------------------------------------------------------------ CUDA */

typedef struct frugal_cuda_info {
    int32_t library_loaded; /* libfrugal_cuda.so was found and loaded                 */
    int32_t device_count;   /* CUDA devices usable (0 without a driver or device)      */
    int32_t runtime_error;  /* cudaError_t of cudaGetDeviceCount, 0 on success         */
    char message[256];      /* what was found, or why CUDA is unavailable              */
    char device_name[128];  /* name of device 0, "" if none                            */
} frugal_cuda_info;

/* Always FRUGAL_OK with info filled; a machine without CUDA is a normal answer. */
FRUGAL_API frugal_status frugal_cuda_info_get(frugal_cuda_info *info);

/* ------------------------------------------------------------------ binary (XNOR) 2-D convolution */

/*
 * Binary 2-D convolution (XNOR-Net): +-1 activations times +-1 weights by XOR and popcount.
 *  - Layout NHWC only. src is FRUGAL_BIT [N, H, W, C]: each pixel's C channels packed 64 per
 *    uint64 word (ceil(C/64) words, bit 1 = -1). Bits past C in a pixel's last word are ignored
 *    (masked), so garbage there never changes a result.
 *  - Weights arrive as fp32 [OC, IC/groups, KH, KW] and are binarized at create: w >= 0 -> +1
 *    (bit 0), else -1 (bit 1). multiplier [OC]: the per-channel scale; NULL gives XNOR-Net's
 *    alpha[oc] = mean |W[oc, ...]| (computed in double, stored as float). bias [OC] or NULL.
 *  - dot[n, oh, ow, oc] = sum over the taps of (K - 2 * popcount(x XOR w)), K = IC/groups bits.
 *    A tap outside the input contributes 0 (FRUGAL_BPAD_ZERO: exactly a float convolution of
 *    the +-1 data with zero padding), or is read as all +1 (FRUGAL_BPAD_PLUS_ONE) or all -1
 *    (FRUGAL_BPAD_MINUS_ONE).
 *  - y = act(multiplier[oc] * dot + bias[oc]) (double, then rounded to float); dst F32 [N, OH, OW, OC].
 *  - Optional XNOR-Net activation scaling (activation_scaling = 1; DESIGN.md 3.1): the caller
 *    gives mean_abs F32 [N, H, W] = mean over channels of |x| per input pixel (A; e.g. from
 *    frugal_bitpack_execute_mean_abs) to frugal_bconv2d_execute_scaled, and per output pixel
 *    K = (sum of mean_abs over its taps inside the input, in double, taps in kh, kw order) /
 *    (KH * KW), a box filter with zero padding; then y = act((multiplier[oc] * dot) * K + bias[oc])
 *    in double, in that order.
 *  - Or dst FRUGAL_BIT [N, OH, OW, OC] (OC packed 64 per word, tail bits written as zero), for
 *    chaining binary layers: bit = (multiplier[oc] * dot (* K) + bias[oc] < threshold[oc]) in
 *    double, i.e. bit 1 (-1) where the value is below the channel's threshold. The activation must
 *    be FRUGAL_ACT_NONE there (fold it into the threshold).
 *  - Groups: any IC/groups, depthwise (1 channel per group) included. The packed layout stays a
 *    pixel's C channels in ceil(C/64) words, so group g's channels start at bit g * IC/groups;
 *    kernels read them across word boundaries (the xnor kernels repack the input once per execute
 *    into per-handle scratch when groups > 1 and IC/groups is not a multiple of 64).
 *  - |dot| is bounded by IC/groups * KH * KW, which must stay below 2^40.
 * Geometry fields and the output size are frugal_conv2d_desc's. Every kernel gives results
 * bit-identical to "ref:direct".
 */
typedef int32_t frugal_bpad;
enum {
    FRUGAL_BPAD_ZERO = 0,
    FRUGAL_BPAD_PLUS_ONE = 1,
    FRUGAL_BPAD_MINUS_ONE = 2
};

typedef struct frugal_bconv2d_desc {
    int64_t batch;
    int64_t in_channels, in_h, in_w;
    int64_t out_channels;
    int64_t kernel_h, kernel_w;
    int64_t stride_h, stride_w;
    int64_t pad_top, pad_left, pad_bottom, pad_right;
    int64_t dilation_h, dilation_w;
    int64_t groups;
    frugal_layout layout; /* FRUGAL_LAYOUT_NHWC only */
    frugal_activation activation;
    frugal_bpad padding_mode;
    frugal_dtype dst_dtype; /* FRUGAL_F32 or FRUGAL_BIT */
    int32_t activation_scaling; /* 0: none; 1: XNOR-Net K from a per-pixel mean |x| (execute_scaled) */
} frugal_bconv2d_desc;

typedef struct frugal_bconv2d frugal_bconv2d;

FRUGAL_API frugal_status frugal_bconv2d_out_shape(const frugal_bconv2d_desc *desc, int64_t *out_h,
                                                  int64_t *out_w);
/* Validates, binarizes and packs the weights once, chooses a kernel. weights: fp32
 * [OC, IC/groups, KH, KW] (finite); multiplier and bias: fp32 [OC] or NULL; threshold: fp32 [OC]
 * (not NaN) for a BIT dst, NULL for an F32 dst; options may be NULL. */
FRUGAL_API frugal_status frugal_bconv2d_create(const frugal_bconv2d_desc *desc,
                                               const frugal_op_options *options,
                                               const float *weights, const float *multiplier,
                                               const float *bias, const float *threshold,
                                               frugal_bconv2d **out);
FRUGAL_API frugal_status frugal_bconv2d_share(const frugal_bconv2d *conv, frugal_bconv2d **out);
/* src: packed bits (uint64 words) as above; dst: dense F32 NHWC, or packed bits. Allocates nothing.
 * A conv with activation scaling refuses this (FRUGAL_INVALID_ARGUMENT): use execute_scaled. */
FRUGAL_API frugal_status frugal_bconv2d_execute(frugal_bconv2d *conv, const void *src, void *dst);
/* As frugal_bconv2d_execute, for a conv with activation_scaling = 1: mean_abs F32 [N, H, W] (the
 * per-pixel mean |x| the bits were packed from). A conv without scaling refuses this
 * (FRUGAL_INVALID_ARGUMENT). Allocates nothing. */
FRUGAL_API frugal_status frugal_bconv2d_execute_scaled(frugal_bconv2d *conv, const void *src_bits,
                                                       const float *mean_abs, void *dst);
/* The chosen kernel: "avx512:xnor", "avx2:xnor" or "ref:direct". */
FRUGAL_API const char *frugal_bconv2d_impl_name(const frugal_bconv2d *conv);
FRUGAL_API void frugal_bconv2d_destroy(frugal_bconv2d *conv);

/* ------------------------------------------------------------------ binary-weight (BWN) 2-D convolution */

/*
 * Binary-weight 2-D convolution (BWN, Rastegari et al. 2016): float activations times weights
 * +-alpha, the weights held as 1 bit each (32x below fp32) plus one float per output channel.
 *  - Descriptor: frugal_conv2d_desc (geometry, groups incl. depthwise, activation); layout
 *    FRUGAL_LAYOUT_NHWC only. src F32 [N, H, W, IC], dst F32 [N, OH, OW, OC].
 *  - Weights arrive as fp32 [OC, IC/groups, KH, KW] (finite) and are binarized at create exactly
 *    as frugal_bconv2d's: s = +1 for w >= 0, else -1. multiplier [OC] (finite) is the per-channel
 *    scale; NULL gives alpha[oc] = mean |W[oc, ...]| (computed in double, stored as float).
 *    bias [OC] (finite) or NULL.
 *  - y[n, oh, ow, oc] = act(multiplier[oc] * sum over taps inside the input and the group's
 *    input channels of s * x + bias[oc]): a float convolution with weights s * multiplier and zero
 *    padding. "ref:direct" sums in double; the vector kernels sum in float (FMA), so they agree
 *    with it to float rounding, not bit for bit.
 */
typedef struct frugal_bwconv2d frugal_bwconv2d;

/* Validates, binarizes and packs the weights once, chooses a kernel. options may be NULL. */
FRUGAL_API frugal_status frugal_bwconv2d_create(const frugal_conv2d_desc *desc,
                                                const frugal_op_options *options,
                                                const float *weights, const float *multiplier,
                                                const float *bias, frugal_bwconv2d **out);
FRUGAL_API frugal_status frugal_bwconv2d_share(const frugal_bwconv2d *conv, frugal_bwconv2d **out);
/* src and dst dense NHWC F32; they must not overlap. Allocates nothing. */
FRUGAL_API frugal_status frugal_bwconv2d_execute(frugal_bwconv2d *conv, const float *src, float *dst);
/* The chosen kernel: "avx512:bwn", "avx2:bwn" or "ref:direct". */
FRUGAL_API const char *frugal_bwconv2d_impl_name(const frugal_bwconv2d *conv);
FRUGAL_API void frugal_bwconv2d_destroy(frugal_bwconv2d *conv);

#ifdef __cplusplus
}
#endif

#endif /* FRUGAL_FRUGAL_H */
