// fp32 binary element-wise operations through oneDNN's binary primitive, with the activation
// as a post-op. oneDNN broadcasts src1 only: when src0 is the broadcast one, Add and Mul swap
// their operands; Sub and Div decline (the reference serves them).
#include <memory>

#include "dispatch/binary_list.h"
#include "onednn/onednn_primitive.h"

namespace frugal {
namespace {

bool same(const int64_t *x, const int64_t *y, int n) {
    for (int i = 0; i < n; ++i)
        if (x[i] != y[i]) return false;
    return true;
}

}  // namespace

frugal_status onednn_binary_create(const BinaryProblem &p, const float *, const float *, std::shared_ptr<const Kernel> *out,
                                   std::string *why) {
    using dnnl::memory;
    const frugal_binary_kind kind = p.d.kind;
    const bool commutes = kind == FRUGAL_BINARY_ADD || kind == FRUGAL_BINARY_MUL;
    int first = 0;  // which input is oneDNN's src0 (the one with the output's shape)
    if (!same(p.a, p.out, p.rank)) {
        if (!commutes || !same(p.b, p.out, p.rank)) {
            *why = "oneDNN broadcasts only its second input";
            return FRUGAL_UNIMPLEMENTED;
        }
        first = 1;
    }
    auto plain = [&](const int64_t *dims) { return onednn::dense_desc(dims, p.rank); };
    const memory::desc md0 = plain(first == 0 ? p.a : p.b), md1 = plain(first == 0 ? p.b : p.a), dst = plain(p.out);
    const dnnl::algorithm alg = kind == FRUGAL_BINARY_ADD ? dnnl::algorithm::binary_add
        : kind == FRUGAL_BINARY_MUL ? dnnl::algorithm::binary_mul
        : kind == FRUGAL_BINARY_SUB ? dnnl::algorithm::binary_sub : dnnl::algorithm::binary_div;
    dnnl::binary::primitive_desc pd(onednn::engine(), alg, md0, md1, dst, onednn::make_attr(p.d.activation),
                                    /*allow_empty=*/true);
    if (!pd) {
        *why = "oneDNN has no implementation for this binary operation";
        return FRUGAL_UNIMPLEMENTED;
    }
    // execute_binary binds (src0, src1) in the caller's order: swap the argument ids instead.
    std::vector<std::pair<int, memory::desc>> inputs = first == 0
        ? std::vector<std::pair<int, memory::desc>>{{DNNL_ARG_SRC_0, md0}, {DNNL_ARG_SRC_1, md1}}
        : std::vector<std::pair<int, memory::desc>>{{DNNL_ARG_SRC_1, md1}, {DNNL_ARG_SRC_0, md0}};
    *out = std::make_shared<onednn::PrimitiveKernel>(pd, std::move(inputs), dst, "binary");
    return FRUGAL_OK;
}

}  // namespace frugal
