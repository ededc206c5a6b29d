// Reference fp32 concat: for every outer index, each input's [axis_i, inner] block copied in
// order into dst, element by element, no SIMD. (Nothing accumulates: the values are exact.)
#include <memory>

#include "core/error.h"
#include "dispatch/concat_list.h"

namespace frugal {
namespace {

class RefConcat final : public Kernel {
public:
    explicit RefConcat(const ConcatProblem &p) : Kernel("ref:direct"), p_(p) {}

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *, float *) const override { return FRUGAL_RUNTIME_ERROR; }

    frugal_status execute_many(ExecState *, const float *const *srcs, size_t count, float *dst) const override {
        if (count != (size_t)p_.d.count)
            return fail(FRUGAL_INVALID_ARGUMENT, "concat: the kernel takes %d inputs, got %zu", p_.d.count, count);
        const int64_t row = p_.axis_total * p_.inner;
#pragma omp parallel for schedule(static)
        for (int64_t o = 0; o < p_.outer; ++o) {
            float *y = dst + o * row;
            for (size_t i = 0; i < count; ++i) {
                const int64_t block = p_.d.axis_dims[i] * p_.inner;
                const float *x = srcs[i] + o * block;
                for (int64_t j = 0; j < block; ++j) y[j] = x[j];
                y += block;
            }
        }
        return FRUGAL_OK;
    }

private:
    ConcatProblem p_;
};

}  // namespace

frugal_status ref_concat_create(const ConcatProblem &p, const float *, const float *, std::shared_ptr<const Kernel> *out,
                                std::string *) {
    *out = std::make_shared<RefConcat>(p);
    return FRUGAL_OK;
}

}  // namespace frugal
