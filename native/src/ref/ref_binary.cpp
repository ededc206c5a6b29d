// Reference fp32 binary element-wise operations with ONNX broadcasting: for every output index,
// the inputs' indices with broadcast axes held at 0; the operation and activation in double.
#include <memory>

#include "dispatch/binary_list.h"
#include "ops/activation.h"

namespace frugal {
namespace {

class RefBinary final : public Kernel {
public:
    explicit RefBinary(const BinaryProblem &p) : Kernel("ref:direct"), p_(p) {}

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *, float *) const override { return FRUGAL_RUNTIME_ERROR; }

    frugal_status execute_binary(ExecState *, const float *src0, const float *src1, float *dst) const override {
        const BinaryProblem &p = p_;
        // Row-major strides of each input, 0 along its broadcast axes.
        int64_t sa[FRUGAL_MAX_RANK], sb[FRUGAL_MAX_RANK];
        int64_t ra = 1, rb = 1;
        for (int i = p.rank - 1; i >= 0; --i) {
            sa[i] = p.a[i] == 1 ? 0 : ra;
            sb[i] = p.b[i] == 1 ? 0 : rb;
            ra *= p.a[i];
            rb *= p.b[i];
        }
#pragma omp parallel for schedule(static)
        for (int64_t o = 0; o < p.dst_elems; ++o) {
            int64_t rest = o, ia = 0, ib = 0;
            for (int i = p.rank - 1; i >= 0; --i) {
                const int64_t idx = rest % p.out[i];
                rest /= p.out[i];
                ia += idx * sa[i];
                ib += idx * sb[i];
            }
            const double x = src0[ia], y = src1[ib];
            double r;
            switch (p.d.kind) {
                case FRUGAL_BINARY_ADD: r = x + y; break;
                case FRUGAL_BINARY_MUL: r = x * y; break;
                case FRUGAL_BINARY_SUB: r = x - y; break;
                default: r = x / y; break;
            }
            dst[o] = (float)apply_activation(p.d.activation, r);
        }
        return FRUGAL_OK;
    }

private:
    BinaryProblem p_;
};

}  // namespace

frugal_status ref_binary_create(const BinaryProblem &p, const float *, const float *, std::shared_ptr<const Kernel> *out,
                                std::string *) {
    *out = std::make_shared<RefBinary>(p);
    return FRUGAL_OK;
}

}  // namespace frugal
