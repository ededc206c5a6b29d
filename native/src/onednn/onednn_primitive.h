// A kernel that is one oneDNN primitive on the caller's tensors as they are (no reorders, no
// constants): pooling, eltwise, binary, softmax, concat. Each handle's state holds a stream, memory
// objects without buffers for the inputs and dst, the scratchpad and the argument array, all
// made once; execute only binds the caller's pointers and runs.
#pragma once

#include <memory>
#include <vector>

#include "onednn/onednn_common.h"
#include "ops/kernel.h"

namespace frugal::onednn {

class PrimitiveKernel final : public Kernel {
public:
    // inputs: (DNNL_ARG_*, desc) of each source in execute order; dst is DNNL_ARG_DST.
    // pd: any primitive's descriptor (a primitive_desc_base, so that concat's fits too).
    PrimitiveKernel(const dnnl::primitive_desc_base &pd, std::vector<std::pair<int, dnnl::memory::desc>> inputs,
                    dnnl::memory::desc dst, const char *op);

    std::unique_ptr<ExecState> make_state() const override;
    frugal_status execute(ExecState *state, const float *src, float *dst) const override;
    frugal_status execute_binary(ExecState *state, const float *src0, const float *src1, float *dst) const override;
    frugal_status execute_many(ExecState *state, const float *const *srcs, size_t count, float *dst) const override;

private:
    frugal_status run_with(ExecState *state, const float *const *srcs, size_t count, float *dst) const;

    dnnl::primitive_desc_base pd_;
    dnnl::primitive primitive_;
    std::vector<std::pair<int, dnnl::memory::desc>> inputs_;
    dnnl::memory::desc dst_;
    const char *op_;
};

}  // namespace frugal::onednn
