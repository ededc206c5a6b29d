#include "onednn/onednn_int8.h"

#include "cpu/cpu_features.h"

namespace frugal::onednn {

using dnnl::memory;

memory::data_type data_type_of(frugal_dtype t) {
    switch (t) {
        case FRUGAL_U8: return memory::data_type::u8;
        case FRUGAL_S8: return memory::data_type::s8;
        default: return memory::data_type::f32;
    }
}

void set_int8_scale_masks(dnnl::primitive_attr &attr, int weights_mask, bool int8_dst) {
    attr.set_scales_mask(DNNL_ARG_SRC, 0);
    attr.set_scales_mask(DNNL_ARG_WEIGHTS, weights_mask);
    if (int8_dst) attr.set_scales_mask(DNNL_ARG_DST, 0);
}

namespace {

memory scales_memory(const float *values, int64_t count) {
    memory::desc md({count}, memory::data_type::f32, memory::format_tag::x);
    return pack_constant(md, md, values);
}

}  // namespace

WeightedPrimitiveKernel::ConstantArgs int8_scales(float src_scale, const float *weight_scales, int64_t count,
                                                  bool int8_dst, float dst_scale) {
    WeightedPrimitiveKernel::ConstantArgs scales;
    scales.emplace_back(DNNL_ARG_ATTR_SCALES | DNNL_ARG_SRC, scales_memory(&src_scale, 1));
    scales.emplace_back(DNNL_ARG_ATTR_SCALES | DNNL_ARG_WEIGHTS, scales_memory(weight_scales, count));
    if (int8_dst) scales.emplace_back(DNNL_ARG_ATTR_SCALES | DNNL_ARG_DST, scales_memory(&dst_scale, 1));
    return scales;
}

std::string int8_inexact_reason(const dnnl::primitive_desc_base &pd) {
    if (cpu::effective_isa() >= FRUGAL_ISA_AVX512_VNNI) return {};
    return "oneDNN chose " + std::string(pd.impl_info_str()) + ", and without VNNI (effective ISA " +
           frugal_isa_name(cpu::effective_isa()) +
           ") oneDNN's int8 arithmetic saturates u8 x s8 pair sums to 16 bits (vpmaddubsw) and halves the "
           "weights for an s8 src: not the stated int8 arithmetic";
}

}  // namespace frugal::onednn
