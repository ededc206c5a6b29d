// A kernel that is one oneDNN primitive with constant weights (convolution, deconvolution,
// matmul, and their int8 forms):
// weights and bias packed once at create; NHWC tensors go to the primitive as they are, other
// user layouts are reordered into the implementation's layout and back through buffers each
// handle allocates once. execute binds the caller's pointers and runs: no allocation.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "onednn/onednn_common.h"
#include "ops/kernel.h"

namespace frugal::onednn {

class WeightedPrimitiveKernel final : public Kernel {
public:
    // Constant arguments beyond weights and bias, bound once (e.g. the int8 scales,
    // DNNL_ARG_ATTR_SCALES | DNNL_ARG_SRC): shared read-only by every handle.
    using ConstantArgs = std::vector<std::pair<int, dnnl::memory>>;

    // pd: the primitive's descriptor; weights and bias (may be empty) already in pd's layouts;
    // user_src/user_dst: the caller's layouts; op: named in error messages.
    WeightedPrimitiveKernel(const dnnl::primitive_desc_base &pd, dnnl::memory weights, dnnl::memory bias,
                            dnnl::memory::desc user_src, dnnl::memory::desc user_dst, const char *op,
                            ConstantArgs constants = {});

    // Packs the caller's weights (user_wei layout) and bias (bias_md, or none when bias is null)
    // into pd's layouts once and returns the kernel: the shared tail of every weighted create.
    // weights are in user_wei's data type (f32, or s8 already quantized).
    static std::shared_ptr<const Kernel> pack(const dnnl::primitive_desc_base &pd, const dnnl::memory::desc &user_wei,
                                              const void *weights, const dnnl::memory::desc &bias_md,
                                              const float *bias, dnnl::memory::desc user_src,
                                              dnnl::memory::desc user_dst, const char *op,
                                              ConstantArgs constants = {});

    std::unique_ptr<ExecState> make_state() const override;
    frugal_status execute(ExecState *state, const float *src, float *dst) const override;

private:
    dnnl::primitive_desc_base pd_;
    dnnl::primitive primitive_;
    dnnl::reorder src_reorder_, dst_reorder_;
    dnnl::memory weights_, bias_;
    dnnl::memory::desc user_src_, user_dst_;
    const char *op_;
    ConstantArgs constants_;
};

}  // namespace frugal::onednn
