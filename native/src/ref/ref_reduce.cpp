// Reference fp32 reductions (ONNX Reduce*): for every dst element, a walk over the reduced axes
// of the src, accumulated in double, no SIMD. The truth other kernels are tested against.
#include <cmath>
#include <memory>

#include "dispatch/reduce_list.h"

namespace frugal {
namespace {

class RefReduce final : public Kernel {
public:
    explicit RefReduce(const ReduceProblem &p) : Kernel("ref:direct"), p_(p) {
        // Row-major strides of the src, split into the kept and the reduced axes.
        int64_t stride = 1;
        for (int i = p.d.rank - 1; i >= 0; --i) {
            if ((p.mask >> i) & 1u) {
                red_dims_[nred_] = p.d.dims[i];
                red_strides_[nred_++] = stride;
            } else {
                keep_dims_[nkeep_] = p.d.dims[i];
                keep_strides_[nkeep_++] = stride;
            }
            stride *= p.d.dims[i];
        }
    }

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *src, float *dst) const override {
        const frugal_reduce_kind kind = p_.d.kind;
#pragma omp parallel for schedule(static)
        for (int64_t o = 0; o < p_.dst_elems; ++o) {
            // Kept axes were listed innermost first, which is the order o decomposes in.
            int64_t rest = o, base = 0;
            for (int i = 0; i < nkeep_; ++i) {
                base += rest % keep_dims_[i] * keep_strides_[i];
                rest /= keep_dims_[i];
            }
            double acc = kind == FRUGAL_REDUCE_PROD ? 1.0 : 0.0;
            for (int64_t r = 0; r < p_.reduced; ++r) {
                int64_t rr = r, at = base;
                for (int i = 0; i < nred_; ++i) {
                    at += rr % red_dims_[i] * red_strides_[i];
                    rr /= red_dims_[i];
                }
                const double x = src[at];
                switch (kind) {
                    case FRUGAL_REDUCE_MAX: acc = r == 0 || x > acc ? x : acc; break;
                    case FRUGAL_REDUCE_MIN: acc = r == 0 || x < acc ? x : acc; break;
                    case FRUGAL_REDUCE_PROD: acc *= x; break;
                    case FRUGAL_REDUCE_L2:
                    case FRUGAL_REDUCE_SUM_SQUARE: acc += x * x; break;
                    default: acc += x; break;  // MEAN, SUM
                }
            }
            if (kind == FRUGAL_REDUCE_MEAN) acc /= (double)p_.reduced;
            if (kind == FRUGAL_REDUCE_L2) acc = std::sqrt(acc);
            dst[o] = (float)acc;
        }
        return FRUGAL_OK;
    }

private:
    ReduceProblem p_;
    int nkeep_ = 0, nred_ = 0;
    int64_t keep_dims_[FRUGAL_MAX_RANK] = {}, keep_strides_[FRUGAL_MAX_RANK] = {};
    int64_t red_dims_[FRUGAL_MAX_RANK] = {}, red_strides_[FRUGAL_MAX_RANK] = {};
};

}  // namespace

frugal_status ref_reduce_create(const ReduceProblem &p, const float *, const float *, std::shared_ptr<const Kernel> *out,
                                std::string *) {
    *out = std::make_shared<RefReduce>(p);
    return FRUGAL_OK;
}

}  // namespace frugal
