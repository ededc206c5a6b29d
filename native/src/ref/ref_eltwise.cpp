// Reference fp32 standalone activation: apply_activation (ops/activation.h) in double, per element.
#include <memory>

#include "dispatch/eltwise_list.h"
#include "ops/activation.h"

namespace frugal {
namespace {

class RefEltwise final : public Kernel {
public:
    explicit RefEltwise(const EltwiseProblem &p) : Kernel("ref:direct"), p_(p) {}

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *src, float *dst) const override {
        const frugal_activation act = p_.d.activation;
#pragma omp parallel for schedule(static)
        for (int64_t i = 0; i < p_.d.count; ++i) dst[i] = (float)apply_activation(act, (double)src[i]);
        return FRUGAL_OK;
    }

private:
    EltwiseProblem p_;
};

}  // namespace

frugal_status ref_eltwise_create(const EltwiseProblem &p, const float *, const float *, std::shared_ptr<const Kernel> *out,
                                 std::string *) {
    *out = std::make_shared<RefEltwise>(p);
    return FRUGAL_OK;
}

}  // namespace frugal
