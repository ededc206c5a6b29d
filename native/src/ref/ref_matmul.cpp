// Reference fp32 matrix multiply, accumulated in double, no SIMD:
//   dst[b, m, n] = act(bias[n] + sum_k src[b, m, k] * W[k, n]),  W[k, n] = w[n*K + k] if transposed.
#include <memory>
#include <vector>

#include "dispatch/matmul_list.h"
#include "ops/activation.h"

namespace frugal {
namespace {

class RefMatmul final : public Kernel {
public:
    RefMatmul(const MatmulProblem &p, const float *weights, const float *bias)
        : Kernel("ref:direct"), p_(p), weights_(weights, weights + p.weight_elems),
          bias_(bias ? std::vector<float>(bias, bias + p.d.n) : std::vector<float>()) {}

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *src, float *dst) const override {
        const frugal_matmul_desc &d = p_.d;
        const int64_t K = d.k, N = d.n;
#pragma omp parallel for collapse(2) schedule(static)
        for (int64_t b = 0; b < d.batch; ++b)
            for (int64_t m = 0; m < d.m; ++m) {
                const float *a = src + (b * d.m + m) * K;
                for (int64_t n = 0; n < N; ++n) {
                    double acc = bias_.empty() ? 0.0 : bias_[n];
                    for (int64_t k = 0; k < K; ++k)
                        acc += (double)a[k] * (double)(d.weights_transposed ? weights_[n * K + k] : weights_[k * N + n]);
                    dst[(b * d.m + m) * N + n] = (float)apply_activation(d.activation, acc);
                }
            }
        return FRUGAL_OK;
    }

private:
    MatmulProblem p_;
    std::vector<float> weights_, bias_;
};

}  // namespace

frugal_status ref_matmul_create(const MatmulProblem &p, const float *weights, const float *bias,
                                std::shared_ptr<const Kernel> *out, std::string *) {
    *out = std::make_shared<RefMatmul>(p, weights, bias);
    return FRUGAL_OK;
}

}  // namespace frugal
