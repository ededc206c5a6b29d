// frugal_convert: element-wise f32 <-> bf16 through the kernel list of dispatch/convert_list.cpp,
// split across OpenMP threads for large counts. Allocates nothing.
#include <omp.h>

#include <cstdint>
#include <string>

#include "core/checked_math.h"
#include "core/error.h"
#include "dispatch/convert_list.h"

namespace frugal {
namespace {

constexpr const char *kOp = "frugal_convert";
// Below this many elements per thread, waking threads costs more than it saves: 64K elements
// are 384 KB of f32+bf16 traffic, some tens of microseconds on one core.
constexpr int64_t kMinPerThread = int64_t{1} << 16;
// Chunks start on multiples of 64 elements (256 B of f32, 128 B of bf16): with 64-byte aligned
// tensors no cache line is written by two threads, and every chunk but the last has no tail.
constexpr int64_t kChunkAlign = 64;

const char *dtype_name(frugal_dtype t) {
    switch (t) {
        case FRUGAL_F32: return "f32";
        case FRUGAL_BF16: return "bf16";
        case FRUGAL_S8: return "s8";
        case FRUGAL_U8: return "u8";
        case FRUGAL_S32: return "s32";
        case FRUGAL_BIT: return "bit";
        default: return nullptr;
    }
}

int64_t element_size(frugal_dtype t) { return t == FRUGAL_F32 ? 4 : 2; }  // f32 or bf16 only

// Checks the dtype pair; FRUGAL_OK only for f32 -> bf16 and bf16 -> f32.
frugal_status check_dtypes(const char *where, frugal_dtype src, frugal_dtype dst) {
    if (dtype_name(src) == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s: unknown src_dtype %d", where, src);
    if (dtype_name(dst) == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s: unknown dst_dtype %d", where, dst);
    if (src == dst)
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: src and dst are both %s: nothing to convert", where, dtype_name(src));
    bool supported = (src == FRUGAL_F32 && dst == FRUGAL_BF16) || (src == FRUGAL_BF16 && dst == FRUGAL_F32);
    if (!supported)
        return fail(FRUGAL_UNIMPLEMENTED, "%s: no kernel converts %s to %s (only f32 <-> bf16)", where,
                    dtype_name(src), dtype_name(dst));
    return FRUGAL_OK;
}

// Index in convert_list() of the kernel for impl (NULL: the fastest allowed).
frugal_status choose_kernel(const char *impl, size_t *index) {
    const ConvertList &list = convert_list();
    return select_impl(kOp, list.infos, list.size, impl, [&](size_t i, std::string *) {
        *index = i;
        return FRUGAL_OK;  // every convert kernel serves every count
    });
}

template <typename Src, typename Dst>
void run_chunked(void (*fn)(const Src *, Dst *, int64_t), const Src *src, Dst *dst, int64_t n) {
    int64_t threads = n / kMinPerThread;
    if (threads > omp_get_max_threads()) threads = omp_get_max_threads();
    if (threads <= 1) {
        fn(src, dst, n);
        return;
    }
#pragma omp parallel num_threads(static_cast<int>(threads))
    {
        const int64_t nt = omp_get_num_threads();
        const int64_t per = ((n + nt - 1) / nt + kChunkAlign - 1) / kChunkAlign * kChunkAlign;
        const int64_t begin = omp_get_thread_num() * per;
        const int64_t end = n - begin < per ? n : begin + per;
        if (begin < end) fn(src + begin, dst + begin, end - begin);
    }
}

frugal_status convert(const void *src, frugal_dtype src_dtype, void *dst, frugal_dtype dst_dtype,
                      int64_t count, const char *impl) {
    if (frugal_status s = check_dtypes(kOp, src_dtype, dst_dtype); s != FRUGAL_OK) return s;
    if (count < 0) return fail(FRUGAL_INVALID_ARGUMENT, "%s: negative count %lld", kOp, (long long)count);
    size_t index = 0;
    if (frugal_status s = choose_kernel(impl, &index); s != FRUGAL_OK) return s;
    if (count == 0) return FRUGAL_OK;  // nothing is read or written: null pointers are fine
    if (src == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s: src is null", kOp);
    if (dst == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s: dst is null", kOp);

    const int64_t src_size = element_size(src_dtype), dst_size = element_size(dst_dtype);
    int64_t src_bytes = 0, dst_bytes = 0;
    if (!checked_mul(count, src_size, &src_bytes) || !checked_mul(count, dst_size, &dst_bytes))
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: count %lld overflows the byte size", kOp, (long long)count);
    const uintptr_t s = reinterpret_cast<uintptr_t>(src), d = reinterpret_cast<uintptr_t>(dst);
    if (s % src_size != 0 || d % dst_size != 0)
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: src (%s) or dst (%s) is not aligned to its element size", kOp,
                    dtype_name(src_dtype), dtype_name(dst_dtype));
    // Threads write dst while others still read src: overlapping buffers would read converted data.
    if (s < d + (uintptr_t)dst_bytes && d < s + (uintptr_t)src_bytes)
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: src and dst overlap", kOp);

    const ConvertKernels &k = convert_list().kernels[index];
    if (src_dtype == FRUGAL_F32)
        run_chunked(k.f32_to_bf16, static_cast<const float *>(src), static_cast<uint16_t *>(dst), count);
    else
        run_chunked(k.bf16_to_f32, static_cast<const uint16_t *>(src), static_cast<float *>(dst), count);
    return FRUGAL_OK;
}

}  // namespace
}  // namespace frugal

extern "C" {

frugal_status frugal_convert(const void *src, frugal_dtype src_dtype, void *dst, frugal_dtype dst_dtype,
                             int64_t count, const char *impl) {
    return frugal::guarded("frugal_convert",
                           [&] { return frugal::convert(src, src_dtype, dst, dst_dtype, count, impl); });
}

const char *frugal_convert_impl_name(frugal_dtype src_dtype, frugal_dtype dst_dtype) {
    size_t index = 0;
    frugal_status s = frugal::guarded("frugal_convert_impl_name", [&] {
        frugal_status st = frugal::check_dtypes("frugal_convert_impl_name", src_dtype, dst_dtype);
        return st != FRUGAL_OK ? st : frugal::choose_kernel(nullptr, &index);
    });
    return s == FRUGAL_OK ? frugal::convert_list().infos[index].name : nullptr;
}

}  // extern "C"
