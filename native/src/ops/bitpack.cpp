// C ABI of frugal_bitpack: f32 -> BIT sign packing (pack) and BIT -> f32 +-1 (unpack) along the
// last axis, through the kernel list of dispatch/bitpack_list.cpp. Large matrices are split by
// rows across OpenMP threads. execute allocates nothing.
#include <omp.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/checked_math.h"
#include "core/error.h"
#include "dispatch/bitpack_list.h"
#include "ops/op_handle.h"

namespace frugal {
namespace {

constexpr const char *kOp = "bitpack";
// A compare and a movemask per 8 or 16 values: 64K values (256 KB of f32) take some tens of
// microseconds on one core, below which waking threads costs more than it saves.
constexpr int64_t kMinPerThread = int64_t{1} << 16;

struct BitPackProblem {
    frugal_bitpack_desc d;
    int64_t words;  // per row, ceil(cols / 64)
    bool pack() const { return d.direction == FRUGAL_BITPACK_PACK; }
};

frugal_status make_bitpack_problem(const frugal_bitpack_desc *desc, BitPackProblem *out) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s: descriptor is null", kOp);
    const frugal_bitpack_desc &d = *desc;
    if (d.direction != FRUGAL_BITPACK_PACK && d.direction != FRUGAL_BITPACK_UNPACK)
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: direction must be FRUGAL_BITPACK_PACK (0) or FRUGAL_BITPACK_UNPACK (1), got %d",
                    kOp, d.direction);
    if (d.rows < 0 || d.cols < 0)
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: rows and cols must be >= 0, got rows %lld, cols %lld", kOp,
                    (long long)d.rows, (long long)d.cols);
    int64_t count, bytes;
    const int64_t words = d.cols / 64 + (d.cols % 64 != 0);
    if (!checked_mul(d.rows, d.cols, &count) || !checked_mul(count, 4, &bytes) || !checked_mul(d.rows, words, &count) ||
        !checked_mul(count, 8, &bytes))
        return fail(FRUGAL_INVALID_ARGUMENT, "%s: rows %lld x cols %lld overflows the byte size", kOp,
                    (long long)d.rows, (long long)d.cols);
    out->d = d;
    out->words = words;
    return FRUGAL_OK;
}

// Rows [begin, end) of `rows` split evenly across `threads` OpenMP threads (at most), each calling
// fn(begin, end); one thread calls fn(0, rows).
template <typename Fn>
void split_rows(int64_t rows, int64_t cols, Fn fn) {
    int64_t threads = rows * cols / kMinPerThread;
    if (threads > rows) threads = rows;
    if (threads > omp_get_max_threads()) threads = omp_get_max_threads();
    if (threads <= 1) {
        fn(int64_t{0}, rows);
        return;
    }
#pragma omp parallel num_threads(static_cast<int>(threads))
    {
        const int64_t nt = omp_get_num_threads();
        const int64_t per = (rows + nt - 1) / nt;
        const int64_t begin = omp_get_thread_num() * per;
        const int64_t end = rows - begin < per ? rows : begin + per;
        if (begin < end) fn(begin, end);
    }
}

template <typename Src, typename Dst>
void run_rows(void (*fn)(const Src *, Dst *, int64_t, int64_t), const Src *src, int64_t src_row, Dst *dst,
              int64_t dst_row, int64_t rows, int64_t cols) {
    split_rows(rows, cols, [&](int64_t begin, int64_t end) { fn(src + begin * src_row, dst + begin * dst_row, end - begin, cols); });
}

// One kernel class for every list entry: the entry's name and its ISA's function table.
class BitPackKernel final : public Kernel {
public:
    BitPackKernel(const char *name, const kernels::BitPackFns &fns, const BitPackProblem &p)
        : Kernel(name), fns_(fns), p_(p) {}

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    // src and dst are f32 or uint64 words as the direction says, passed as the untyped pointers
    // of frugal_bitpack_execute; they are never read as floats here.
    frugal_status execute(ExecState *, const float *src_f, float *dst_f) const override {
        const void *src = src_f;
        void *dst = dst_f;
        const int64_t rows = p_.d.rows, cols = p_.d.cols;
        if (rows == 0 || cols == 0) return FRUGAL_OK;  // nothing is read or written: null pointers are fine
        if (src == nullptr || dst == nullptr)
            return fail(FRUGAL_INVALID_ARGUMENT, "%s_execute: %s is null", kOp, src == nullptr ? "src" : "dst");
        const bool pack = p_.pack();
        const uintptr_t f = reinterpret_cast<uintptr_t>(pack ? src : dst);
        const uintptr_t w = reinterpret_cast<uintptr_t>(pack ? dst : src);
        if (f % 4 != 0 || w % 8 != 0)
            return fail(FRUGAL_INVALID_ARGUMENT,
                        "%s_execute: the f32 %s must be 4-byte aligned and the BIT %s 8-byte aligned", kOp,
                        pack ? "src" : "dst", pack ? "dst" : "src");
        // Sizes were checked for overflow at create. Threads write dst while others still read src.
        const uintptr_t f_bytes = (uintptr_t)(rows * cols * 4), w_bytes = (uintptr_t)(rows * p_.words * 8);
        if (f < w + w_bytes && w < f + f_bytes) return fail(FRUGAL_INVALID_ARGUMENT, "%s_execute: src and dst overlap", kOp);
        if (pack)
            run_rows(fns_.pack, static_cast<const float *>(src), cols, static_cast<uint64_t *>(dst), p_.words, rows, cols);
        else
            run_rows(fns_.unpack, static_cast<const uint64_t *>(src), p_.words, static_cast<float *>(dst), cols, rows,
                     cols);
        return FRUGAL_OK;
    }

    // frugal_bitpack_execute_mean_abs: a PACK op's bits plus each row's mean |x| (F32 [rows]).
    frugal_status pack_mean_abs(const void *src, void *dst, float *mean_abs) const {
        const int64_t rows = p_.d.rows, cols = p_.d.cols;
        if (!p_.pack())
            return fail(FRUGAL_INVALID_ARGUMENT, "%s_execute_mean_abs: the op must be FRUGAL_BITPACK_PACK (f32 -> BIT)", kOp);
        if (rows == 0 || cols == 0) {
            if (rows != 0 && mean_abs == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s_execute_mean_abs: mean_abs is null", kOp);
            for (int64_t r = 0; r < rows; ++r) mean_abs[r] = 0.f;  // the mean of no values: 0 by convention
            return FRUGAL_OK;
        }
        if (src == nullptr || dst == nullptr || mean_abs == nullptr)
            return fail(FRUGAL_INVALID_ARGUMENT, "%s_execute_mean_abs: %s is null", kOp,
                        src == nullptr ? "src" : dst == nullptr ? "dst" : "mean_abs");
        const uintptr_t f = reinterpret_cast<uintptr_t>(src), w = reinterpret_cast<uintptr_t>(dst),
                        m = reinterpret_cast<uintptr_t>(mean_abs);
        if (f % 4 != 0 || w % 8 != 0 || m % 4 != 0)
            return fail(FRUGAL_INVALID_ARGUMENT,
                        "%s_execute_mean_abs: src and mean_abs must be 4-byte aligned and dst 8-byte aligned", kOp);
        const uintptr_t f_bytes = (uintptr_t)(rows * cols * 4), w_bytes = (uintptr_t)(rows * p_.words * 8),
                        m_bytes = (uintptr_t)(rows * 4);
        if ((f < w + w_bytes && w < f + f_bytes) || (f < m + m_bytes && m < f + f_bytes) || (w < m + m_bytes && m < w + w_bytes))
            return fail(FRUGAL_INVALID_ARGUMENT, "%s_execute_mean_abs: src, dst and mean_abs overlap", kOp);
        const float *s = static_cast<const float *>(src);
        uint64_t *d = static_cast<uint64_t *>(dst);
        split_rows(rows, cols, [&](int64_t begin, int64_t end) {
            fns_.pack_mean_abs(s + begin * cols, d + begin * p_.words, mean_abs + begin, end - begin, cols);
        });
        return FRUGAL_OK;
    }

private:
    const kernels::BitPackFns &fns_;
    BitPackProblem p_;
};

}  // namespace
}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_bitpack_create(const frugal_bitpack_desc *desc, const frugal_op_options *options,
                                    frugal_bitpack **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s_create: out is null", kOp);
    *out = nullptr;
    return guarded(kOp, [&] {
        BitPackProblem p;
        if (frugal_status s = make_bitpack_problem(desc, &p); s != FRUGAL_OK) return s;
        size_t n;
        const BitPackEntry *list = bitpack_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = select_impl(kOp, list, n, options ? options->impl : nullptr, [&](size_t i, std::string *) {
            kernel = std::make_shared<BitPackKernel>(list[i].info.name, *list[i].fns, p);
            return FRUGAL_OK;  // every entry serves every problem
        });
        if (s != FRUGAL_OK) return s;
        return wrap_kernel(std::move(kernel), out);
    });
}

frugal_status frugal_bitpack_share(const frugal_bitpack *b, frugal_bitpack **out) { return share_handle(kOp, b, out); }

frugal_status frugal_bitpack_execute(frugal_bitpack *b, const void *src, void *dst) {
    if (b == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s_execute: handle is null", kOp);
    // Not execute_handle: null src/dst are valid for an empty matrix, which the kernel checks.
    return guarded(kOp, [&] {
        return b->kernel->execute(b->state.get(), static_cast<const float *>(src), static_cast<float *>(dst));
    });
}

frugal_status frugal_bitpack_execute_mean_abs(frugal_bitpack *b, const void *src, void *dst, float *mean_abs) {
    if (b == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "%s_execute_mean_abs: handle is null", kOp);
    // Every bitpack handle's kernel is a BitPackKernel (frugal_bitpack_create makes no other).
    return guarded(kOp, [&] { return static_cast<const BitPackKernel &>(*b->kernel).pack_mean_abs(src, dst, mean_abs); });
}

const char *frugal_bitpack_impl_name(const frugal_bitpack *b) { return handle_impl_name(b); }

void frugal_bitpack_destroy(frugal_bitpack *b) { delete b; }

}  // extern "C"
