// What every operator kernel is: an immutable part (packed weights, primitives),
// shared by all handles made from one create() call, and per-handle execution state
// (buffers, stream) allocated once when a handle is made, so execute() allocates nothing.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "frugal/frugal.h"

namespace frugal {

struct ExecState {
    virtual ~ExecState() = default;
};

class Kernel {
public:
    virtual ~Kernel() = default;
    // Full kernel name: the list entry's name plus what the backend chose, e.g.
    // "onednn:brg_conv_fwd:avx512_core".
    const std::string &name() const { return name_; }
    virtual std::unique_ptr<ExecState> make_state() const = 0;
    virtual frugal_status execute(ExecState *state, const float *src, float *dst) const = 0;
    // Two-input operators (binary, batch_matmul) override this; the others never receive it.
    virtual frugal_status execute_binary(ExecState *, const float *, const float *, float *) const {
        return FRUGAL_RUNTIME_ERROR;
    }
    // N-input operators (concat) override this; the others never receive it.
    virtual frugal_status execute_many(ExecState *, const float *const *, size_t, float *) const {
        return FRUGAL_RUNTIME_ERROR;
    }

protected:
    explicit Kernel(std::string name) : name_(std::move(name)) {}

private:
    std::string name_;
};

// The handle behind frugal_conv2d*, frugal_matmul* and every other operator handle.
struct OpHandle {
    std::shared_ptr<const Kernel> kernel;
    std::unique_ptr<ExecState> state;
};

}  // namespace frugal

// The C ABI's opaque handle types are OpHandles; the distinct types keep the ABI typed.
struct frugal_conv2d : frugal::OpHandle {};
struct frugal_matmul : frugal::OpHandle {};
struct frugal_pool2d : frugal::OpHandle {};
struct frugal_eltwise : frugal::OpHandle {};
struct frugal_binary : frugal::OpHandle {};
struct frugal_softmax : frugal::OpHandle {};
struct frugal_batch_matmul : frugal::OpHandle {};
struct frugal_reduce : frugal::OpHandle {};
struct frugal_conv_transpose2d : frugal::OpHandle {};
struct frugal_concat : frugal::OpHandle {};
struct frugal_reorder : frugal::OpHandle {};
struct frugal_resize : frugal::OpHandle {};
// int8 convolution: its kernels take the untyped src/dst of frugal_qconv2d_execute through
// Kernel::execute's pointers (never read as floats there) and cast them back. The weight
// scales quantization chose are kept beside the kernel for frugal_qconv2d_weight_scales.
struct frugal_qconv2d : frugal::OpHandle {
    std::shared_ptr<const std::vector<float>> weight_scales;
};
// int8 matrix multiply: the same as frugal_qconv2d.
struct frugal_qmatmul : frugal::OpHandle {
    std::shared_ptr<const std::vector<float>> weight_scales;
};
// f32 <-> u8/s8 quantize / dequantize: like frugal_qconv2d, its kernel takes the untyped src/dst
// through Kernel::execute's pointers and casts them back.
struct frugal_quantize : frugal::OpHandle {};
// f32 <-> BIT sign packing: like frugal_quantize, untyped src/dst through Kernel::execute.
struct frugal_bitpack : frugal::OpHandle {};
// Binary (XNOR) convolution: like frugal_qconv2d, untyped src (packed bits) and dst pass through
// Kernel::execute's pointers.
struct frugal_bconv2d : frugal::OpHandle {};
// Binary-weight (BWN) convolution: F32 src and dst, like frugal_conv2d.
struct frugal_bwconv2d : frugal::OpHandle {};
