// Reference fp32 softmax, numerically stable: for each (outer, inner) line along the axis,
//   dst = exp(x - max) / sum exp(x - max)
// with exp and the sum in double, no SIMD. The truth other kernels are tested against.
#include <algorithm>
#include <cmath>
#include <memory>

#include "dispatch/softmax_list.h"

namespace frugal {
namespace {

class RefSoftmax final : public Kernel {
public:
    explicit RefSoftmax(const SoftmaxProblem &p) : Kernel("ref:direct"), p_(p) {}

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *src, float *dst) const override {
        const int64_t L = p_.axis_len, I = p_.inner;
#pragma omp parallel for collapse(2) schedule(static)
        for (int64_t o = 0; o < p_.outer; ++o)
            for (int64_t i = 0; i < I; ++i) {
                const float *x = src + o * L * I + i;
                float *y = dst + o * L * I + i;
                double mx = x[0];
                for (int64_t l = 1; l < L; ++l) mx = std::max(mx, (double)x[l * I]);
                double sum = 0;
                for (int64_t l = 0; l < L; ++l) sum += std::exp((double)x[l * I] - mx);
                for (int64_t l = 0; l < L; ++l) y[l * I] = (float)(std::exp((double)x[l * I] - mx) / sum);
            }
        return FRUGAL_OK;
    }

private:
    SoftmaxProblem p_;
};

}  // namespace

frugal_status ref_softmax_create(const SoftmaxProblem &p, const float *, const float *, std::shared_ptr<const Kernel> *out,
                                 std::string *) {
    *out = std::make_shared<RefSoftmax>(p);
    return FRUGAL_OK;
}

}  // namespace frugal
