// Reference fp32 batched matmul (numpy matmul semantics): for every output batch index, the
// operands' batch indices with broadcast axes held at 0, then dst[m, n] = sum_k a[m, k] * b[k, n]
// accumulated in double, no SIMD. The truth other kernels are tested against.
#include <memory>

#include "dispatch/batch_matmul_list.h"

namespace frugal {
namespace {

class RefBatchMatMul final : public Kernel {
public:
    explicit RefBatchMatMul(const BatchMatMulProblem &p) : Kernel("ref:direct"), p_(p) {}

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *, float *) const override { return FRUGAL_RUNTIME_ERROR; }

    frugal_status execute_binary(ExecState *, const float *a, const float *b, float *dst) const override {
        const BatchMatMulProblem &p = p_;
        const int nb = p.rank - 2;  // batch axes
        const int64_t M = p.m, K = p.k, N = p.n;
        // Strides of each operand's batch axes in whole matrices, 0 along its broadcast axes.
        int64_t sa[FRUGAL_MAX_RANK], sb[FRUGAL_MAX_RANK];
        int64_t ra = 1, rb = 1;
        for (int i = nb - 1; i >= 0; --i) {
            sa[i] = p.a[i] == 1 ? 0 : ra;
            sb[i] = p.b[i] == 1 ? 0 : rb;
            ra *= p.a[i];
            rb *= p.b[i];
        }
#pragma omp parallel for collapse(2) schedule(static)
        for (int64_t o = 0; o < p.batch; ++o)
            for (int64_t m = 0; m < M; ++m) {
                int64_t rest = o, ia = 0, ib = 0;
                for (int i = nb - 1; i >= 0; --i) {
                    const int64_t idx = rest % p.out[i];
                    rest /= p.out[i];
                    ia += idx * sa[i];
                    ib += idx * sb[i];
                }
                const float *x = a + (ia * M + m) * K;
                const float *w = b + ib * K * N;
                float *y = dst + (o * M + m) * N;
                for (int64_t n = 0; n < N; ++n) {
                    double acc = 0;
                    for (int64_t k = 0; k < K; ++k) acc += (double)x[k] * (double)w[k * N + n];
                    y[n] = (float)acc;
                }
            }
        return FRUGAL_OK;
    }

private:
    BatchMatMulProblem p_;
};

}  // namespace

frugal_status ref_batch_matmul_create(const BatchMatMulProblem &p, const float *, const float *,
                                      std::shared_ptr<const Kernel> *out, std::string *) {
    *out = std::make_shared<RefBatchMatMul>(p);
    return FRUGAL_OK;
}

}  // namespace frugal
