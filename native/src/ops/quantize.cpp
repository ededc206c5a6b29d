// C ABI of frugal_quantize: f32 -> u8/s8 (quantize) and u8/s8 -> f32 (dequantize) with one
// per-tensor scale, through the kernel list of dispatch/quantize_list.cpp. Large counts are split
// across OpenMP threads. execute allocates nothing.
#include <omp.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/checked_math.h"
#include "core/error.h"
#include "dispatch/quantize_list.h"
#include "ops/op_handle.h"
#include "ops/quantize.h"
#include "ops/quantize_problem.h"

namespace frugal {
namespace {

constexpr const char *kOp = "quantize";
// Below this many elements per thread, waking threads costs more than it saves: 32K elements are
// 160 KB of f32 + int8 traffic and 32K float divisions, some microseconds on one core. So counts
// from 64K up run on two threads or more.
constexpr int64_t kMinPerThread = int64_t{1} << 15;
// Chunks start on multiples of 64 elements (64 B of int8, 256 B of f32): with 64-byte aligned
// tensors no cache line is written by two threads, and every chunk but the last has no tail.
constexpr int64_t kChunkAlign = 64;

int64_t element_size(frugal_dtype t) { return t == FRUGAL_F32 ? 4 : 1; }

template <typename Src, typename Dst>
void run_chunked(void (*fn)(const Src *, Dst *, int64_t, float), const void *src_v, void *dst_v, int64_t n,
                 float scale) {
    const Src *src = static_cast<const Src *>(src_v);
    Dst *dst = static_cast<Dst *>(dst_v);
    int64_t threads = n / kMinPerThread;
    if (threads > omp_get_max_threads()) threads = omp_get_max_threads();
    if (threads <= 1) {
        fn(src, dst, n, scale);
        return;
    }
#pragma omp parallel num_threads(static_cast<int>(threads))
    {
        const int64_t nt = omp_get_num_threads();
        const int64_t per = ((n + nt - 1) / nt + kChunkAlign - 1) / kChunkAlign * kChunkAlign;
        const int64_t begin = omp_get_thread_num() * per;
        const int64_t end = n - begin < per ? n : begin + per;
        if (begin < end) fn(src + begin, dst + begin, end - begin, scale);
    }
}

// One kernel class for every list entry: the entry's name and its ISA's function table.
class QuantizeKernel final : public Kernel {
public:
    QuantizeKernel(const char *name, const kernels::QuantizeFns &fns, const QuantizeProblem &p)
        : Kernel(name), fns_(fns), p_(p) {}

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    // src and dst are the descriptor's types, passed as the untyped pointers of
    // frugal_quantize_execute (see frugal_quantize in ops/kernel.h); they are never read as floats here.
    frugal_status execute(ExecState *, const float *src_f, float *dst_f) const override {
        const void *src = src_f;
        void *dst = dst_f;
        const frugal_quantize_desc &d = p_.d;
        if (d.count == 0) return FRUGAL_OK;  // nothing is read or written: null pointers are fine
        if (src == nullptr || dst == nullptr)
            return fail(FRUGAL_INVALID_ARGUMENT, "%s_execute: %s is null", kOp, src == nullptr ? "src" : "dst");
        const int64_t src_size = element_size(d.src_dtype), dst_size = element_size(d.dst_dtype);
        const uintptr_t s = reinterpret_cast<uintptr_t>(src), t = reinterpret_cast<uintptr_t>(dst);
        if (s % src_size != 0 || t % dst_size != 0)
            return fail(FRUGAL_INVALID_ARGUMENT, "%s_execute: src (%s) or dst (%s) is not aligned to its element size",
                        kOp, dtype_name(d.src_dtype), dtype_name(d.dst_dtype));
        // Byte sizes were checked for overflow at create. Threads write dst while others still
        // read src: overlapping buffers would read converted data.
        const uintptr_t src_bytes = (uintptr_t)(d.count * src_size), dst_bytes = (uintptr_t)(d.count * dst_size);
        if (s < t + dst_bytes && t < s + src_bytes)
            return fail(FRUGAL_INVALID_ARGUMENT, "%s_execute: src and dst overlap", kOp);

        if (d.src_dtype == FRUGAL_F32 && d.dst_dtype == FRUGAL_U8)
            run_chunked(fns_.f32_to_u8, src, dst, d.count, d.scale);
        else if (d.src_dtype == FRUGAL_F32)
            run_chunked(fns_.f32_to_s8, src, dst, d.count, d.scale);
        else if (d.src_dtype == FRUGAL_U8)
            run_chunked(fns_.u8_to_f32, src, dst, d.count, d.scale);
        else
            run_chunked(fns_.s8_to_f32, src, dst, d.count, d.scale);
        return FRUGAL_OK;
    }

private:
    const kernels::QuantizeFns &fns_;
    QuantizeProblem p_;
};

bool is_int8(frugal_dtype t) { return t == FRUGAL_U8 || t == FRUGAL_S8; }

}  // namespace

frugal_status make_quantize_problem(const frugal_quantize_desc *desc, QuantizeProblem *out) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s: descriptor is null", kOp);
    const frugal_quantize_desc &d = *desc;
    const bool quantize = d.src_dtype == FRUGAL_F32 && is_int8(d.dst_dtype);
    const bool dequantize = is_int8(d.src_dtype) && d.dst_dtype == FRUGAL_F32;
    if (!quantize && !dequantize)
        return fail(FRUGAL_INVALID_ARGUMENT,
                    "%s: src_dtype %s (%d) -> dst_dtype %s (%d) is neither quantize (f32 -> u8/s8) nor dequantize "
                    "(u8/s8 -> f32)",
                    kOp, dtype_name(d.src_dtype), d.src_dtype, dtype_name(d.dst_dtype), d.dst_dtype);
    if (!positive_finite(d.scale))
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: scale must be finite and positive, got %g", kOp, (double)d.scale);
    if (d.count < 0) return fail(FRUGAL_INVALID_ARGUMENT, "%s: count must be >= 0, got %lld", kOp, (long long)d.count);
    int64_t bytes;
    if (!checked_mul(d.count, 4, &bytes))
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: count %lld overflows the byte size", kOp, (long long)d.count);
    out->d = d;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_quantize_create(const frugal_quantize_desc *desc, const frugal_op_options *options,
                                     frugal_quantize **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s_create: out is null", kOp);
    *out = nullptr;
    return guarded(kOp, [&] {
        QuantizeProblem p;
        if (frugal_status s = make_quantize_problem(desc, &p); s != FRUGAL_OK) return s;
        size_t n;
        const QuantizeEntry *list = quantize_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = select_impl(kOp, list, n, options ? options->impl : nullptr, [&](size_t i, std::string *) {
            kernel = std::make_shared<QuantizeKernel>(list[i].info.name, *list[i].fns, p);
            return FRUGAL_OK;  // every entry serves every problem
        });
        if (s != FRUGAL_OK) return s;
        return wrap_kernel(std::move(kernel), out);
    });
}

frugal_status frugal_quantize_share(const frugal_quantize *q, frugal_quantize **out) { return share_handle(kOp, q, out); }

frugal_status frugal_quantize_execute(frugal_quantize *q, const void *src, void *dst) {
    if (q == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s_execute: handle is null", kOp);
    // Not execute_handle: null src/dst are valid for count 0, which the kernel checks.
    return guarded(kOp, [&] {
        return q->kernel->execute(q->state.get(), static_cast<const float *>(src), static_cast<float *>(dst));
    });
}

const char *frugal_quantize_impl_name(const frugal_quantize *q) { return handle_impl_name(q); }

void frugal_quantize_destroy(frugal_quantize *q) { delete q; }

}  // extern "C"
