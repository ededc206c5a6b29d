// fp32 reorder through oneDNN's reorder primitive: from a memory descriptor with the problem's
// strides (dnnl_memory_desc_create_with_strides) to a dense one, on the caller's tensors.
// oneDNN declines strides that do not nest (sorted by size, each stride must be at least the
// one below it times that dimension; zero strides and unit dimensions are exempt): overlapping
// views and some stepped slices. The reference then serves them.
#include <memory>

#include "dispatch/reorder_list.h"
#include "onednn/onednn_primitive.h"

namespace frugal {
namespace {

// oneDNN descriptors made from strides start at element 0; the view's offset moves the src
// pointer instead, so execute stays one pointer bind and the primitive serves any offset.
class OffsetReorder final : public Kernel {
public:
    OffsetReorder(std::shared_ptr<const Kernel> inner, int64_t offset)
        : Kernel(inner->name()), inner_(std::move(inner)), offset_(offset) {}

    std::unique_ptr<ExecState> make_state() const override { return inner_->make_state(); }

    frugal_status execute(ExecState *state, const float *src, float *dst) const override {
        return inner_->execute(state, src + offset_, dst);
    }

private:
    std::shared_ptr<const Kernel> inner_;
    int64_t offset_;
};

}  // namespace

frugal_status onednn_reorder_create(const ReorderProblem &p, const float *, const float *, std::shared_ptr<const Kernel> *out,
                                    std::string *why) {
    using dnnl::memory;
    const int rank = p.d.rank;
    dnnl_dims_t dims = {}, strides = {}, dense = {};
    int64_t step = 1;
    for (int i = rank - 1; i >= 0; --i) {
        dims[i] = p.d.dims[i];
        strides[i] = p.d.src_strides[i];
        dense[i] = step;
        step *= p.d.dims[i];  // no overflow: the product was checked by make_reorder_problem
    }
    // The C call, not the C++ constructor: a refusal here is a decline with oneDNN's status,
    // not an exception.
    dnnl_memory_desc_t raw = nullptr;
    if (dnnl_status_t s = dnnl_memory_desc_create_with_strides(&raw, rank, dims, dnnl_f32, strides); s != dnnl_success) {
        *why = "oneDNN refuses these strides (status " + std::to_string((int)s) +
               "): its strides must nest without overlap, each at least the next smaller one times its dimension";
        return FRUGAL_UNIMPLEMENTED;
    }
    memory::desc src(raw);  // owns raw from here
    memory::desc dst(memory::dims(dims, dims + rank), memory::data_type::f32, memory::dims(dense, dense + rank));
    dnnl::reorder::primitive_desc pd(onednn::engine(), src, onednn::engine(), dst,
                                     onednn::make_attr({FRUGAL_ACT_NONE, 0.f, 0.f}), /*allow_empty=*/true);
    if (!pd) {
        *why = "oneDNN has no reorder implementation for this view";
        return FRUGAL_UNIMPLEMENTED;
    }
    auto inner = std::make_shared<onednn::PrimitiveKernel>(pd, std::vector<std::pair<int, memory::desc>>{{DNNL_ARG_FROM, src}},
                                                           dst, "reorder");
    *out = std::make_shared<OffsetReorder>(std::move(inner), p.d.src_offset);
    return FRUGAL_OK;
}

}  // namespace frugal
