// What every oneDNN-backed kernel shares: the CPU engine (with FRUGAL_MAX_ISA passed on to
// oneDNN's own ISA cap), activation post-ops, and allocation-free execution through the C API
// with argument arrays built once per handle.
#pragma once

#include <string>
#include <vector>

#include "oneapi/dnnl/dnnl.hpp"

#include "frugal/frugal.h"

namespace frugal::onednn {

// The process-wide CPU engine; the first call caps oneDNN at FRUGAL_MAX_ISA.
const dnnl::engine &engine();

// The oneDNN eltwise algorithm and parameters of an activation; false for FRUGAL_ACT_NONE.
struct Eltwise {
    dnnl::algorithm algorithm;
    float alpha, beta;
};
bool eltwise_of(const frugal_activation &act, Eltwise *out);

// Attributes of every primitive we create: the scratchpad is ours (allocated once per handle,
// so execution allocates nothing), and the activation is fused as an eltwise post-op.
dnnl::primitive_attr make_attr(const frugal_activation &act);

// "onednn:" + the implementation oneDNN chose, e.g. "onednn:brg_conv_fwd:avx512_core".
std::string impl_name(const dnnl::primitive_desc_base &pd);

// Copies the caller's constant data (weights, bias) described by user_md into new memory of
// target_md, reordering once: how weights are packed into the layout a primitive prefers.
// data is in user_md's data type (f32 for weights and bias, s8 for pre-quantized weights).
dnnl::memory pack_constant(const dnnl::memory::desc &user_md, const dnnl::memory::desc &target_md, const void *data);

// A memory object with no buffer: execute() points it at the caller's data.
dnnl::memory unbound_memory(const dnnl::memory::desc &md);

// fp32 dense row-major (C order) memory of dims[0..rank); rank 0 (a scalar) is described as [1].
dnnl::memory::desc dense_desc(const int64_t *dims, int rank);

// One primitive call with arguments prepared once. Allocation-free on our side.
struct Call {
    const dnnl::primitive *primitive = nullptr;
    std::vector<dnnl_exec_arg_t> args;
    void add(int arg, const dnnl::memory &m) { args.push_back({arg, m.get()}); }
};

// Runs the calls in order on the stream and waits. Returns FRUGAL_RUNTIME_ERROR with oneDNN's
// status on failure.
frugal_status run(const dnnl::stream &stream, const Call *calls, size_t count, const char *op);

}  // namespace frugal::onednn
