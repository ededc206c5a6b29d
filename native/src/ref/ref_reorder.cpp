// Reference fp32 reorder: for every dst row (all indices but the last), the source address of
// its first element from the multi-index, then the row gathered with the last axis's stride;
// plain loops, no SIMD. (Nothing accumulates: the values are exact.) Serves every view,
// including those oneDNN's descriptors refuse (overlapping or tightly stepped strides).
#include <memory>

#include "dispatch/reorder_list.h"

namespace frugal {
namespace {

class RefReorder final : public Kernel {
public:
    explicit RefReorder(const ReorderProblem &p) : Kernel("ref:direct"), p_(p) {}

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *src, float *dst) const override {
        const int rank = p_.d.rank;
        const int64_t *dims = p_.d.dims, *strides = p_.d.src_strides;
        const int64_t inner = dims[rank - 1], inner_stride = strides[rank - 1];
        const int64_t rows = p_.dst_elems / inner;
#pragma omp parallel for schedule(static)
        for (int64_t r = 0; r < rows; ++r) {
            int64_t at = p_.d.src_offset, rest = r;
            for (int k = rank - 2; k >= 0; --k) {
                at += (rest % dims[k]) * strides[k];
                rest /= dims[k];
            }
            const float *x = src + at;
            float *y = dst + r * inner;
            for (int64_t j = 0; j < inner; ++j) y[j] = x[j * inner_stride];
        }
        return FRUGAL_OK;
    }

private:
    ReorderProblem p_;
};

}  // namespace

frugal_status ref_reorder_create(const ReorderProblem &p, const float *, const float *, std::shared_ptr<const Kernel> *out,
                                 std::string *) {
    *out = std::make_shared<RefReorder>(p);
    return FRUGAL_OK;
}

}  // namespace frugal
