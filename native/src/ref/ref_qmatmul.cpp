// Reference int8 matrix multiply: exactly the arithmetic frugal.h states (frugal_qmatmul_desc).
//   acc[b, m, n] = sum_k q_x[b, m, k] * q_w[k, n]   (s32)
//   y = act(src_scale * s_w[n] * acc + bias[n])    (double)
//   dst = y (f32), or saturate(round-half-even(y / dst_scale)) (u8/s8; NaN gives 0)
#include <cstdint>
#include <memory>
#include <vector>

#include "dispatch/qmatmul_list.h"
#include "ops/activation.h"
#include "ops/quantize.h"

namespace frugal {
namespace {

class RefQMatmul final : public Kernel {
public:
    RefQMatmul(const QMatmulProblem &p, const float *bias)
        : Kernel("ref:direct"), p_(p), weights_(p.qweights, p.qweights + p.mm.weight_elems),
          scales_(p.weight_scales, p.weight_scales + p.mm.d.n),
          bias_(bias ? std::vector<float>(bias, bias + p.mm.d.n) : std::vector<float>()) {
        p_.qweights = nullptr;
        p_.weight_scales = nullptr;
    }

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *src, float *dst) const override {
        const void *s = src;  // untyped buffers of frugal_qmatmul_execute (ops/kernel.h)
        if (p_.src_dtype == FRUGAL_U8) return run(static_cast<const uint8_t *>(s), dst);
        return run(static_cast<const int8_t *>(s), dst);
    }

private:
    template <typename Src>
    frugal_status run(const Src *src, void *dst) const {
        const frugal_matmul_desc &d = p_.mm.d;
        const int64_t rows = d.batch * d.m, K = d.k, N = d.n;
        const frugal_dtype dt = p_.dst_dtype;
#pragma omp parallel for schedule(static)
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t j = 0; j < N; ++j) {
                int32_t acc = 0;  // |acc| <= 255 * 127 * FRUGAL_QCONV2D_MAX_REDUCTION < 2^31
                for (int64_t q = 0; q < K; ++q)
                    acc += (int32_t)src[r * K + q] * (int32_t)weights_[d.weights_transposed ? j * K + q : q * N + j];
                const double b = bias_.empty() ? 0.0 : (double)bias_[j];
                const double y = apply_activation(d.activation, (double)p_.src_scale * (double)scales_[j] * (double)acc + b);
                const int64_t i = r * N + j;
                if (dt == FRUGAL_F32) static_cast<float *>(dst)[i] = (float)y;
                else if (dt == FRUGAL_U8) static_cast<uint8_t *>(dst)[i] = (uint8_t)requantize(y, p_.dst_scale, dt);
                else static_cast<int8_t *>(dst)[i] = (int8_t)requantize(y, p_.dst_scale, dt);
            }
        return FRUGAL_OK;
    }

    QMatmulProblem p_;
    std::vector<int8_t> weights_;
    std::vector<float> scales_, bias_;
};

}  // namespace

frugal_status ref_qmatmul_create(const QMatmulProblem &p, const float *, const float *bias,
                                 std::shared_ptr<const Kernel> *out, std::string *) {
    *out = std::make_shared<RefQMatmul>(p, bias);
    return FRUGAL_OK;
}

}  // namespace frugal
