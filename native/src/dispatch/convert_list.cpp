// f32 <-> bf16 kernels, fastest first, ending with the reference. All are bit-exact with it,
// so the order only trades speed. Adding a kernel is one line here.
#include "dispatch/convert_list.h"

#include <array>
#include <utility>

#include "convert/convert.h"

namespace frugal {
namespace {

namespace k = kernels;

struct Entry {
    ImplInfo info;
    ConvertKernels kernels;
};

constexpr Entry kEntries[] = {
    {{"avx512:convert", FRUGAL_ISA_AVX512}, {k::convert_f32_to_bf16_avx512, k::convert_bf16_to_f32_avx512}},
    {{"avx2:convert", FRUGAL_ISA_AVX2}, {k::convert_f32_to_bf16_avx2, k::convert_bf16_to_f32_avx2}},
    {{"ref:convert", FRUGAL_ISA_SCALAR}, {k::convert_f32_to_bf16_ref, k::convert_bf16_to_f32_ref}},
};
constexpr size_t kCount = sizeof kEntries / sizeof kEntries[0];

// select_impl walks a plain ImplInfo array; split the entries at compile time so that each
// kernel stays one line above.
template <size_t... I>
constexpr std::array<ImplInfo, kCount> infos(std::index_sequence<I...>) { return {{kEntries[I].info...}}; }
template <size_t... I>
constexpr std::array<ConvertKernels, kCount> kernels_of(std::index_sequence<I...>) { return {{kEntries[I].kernels...}}; }

constexpr std::array<ImplInfo, kCount> kInfos = infos(std::make_index_sequence<kCount>{});
constexpr std::array<ConvertKernels, kCount> kKernels = kernels_of(std::make_index_sequence<kCount>{});
constexpr ConvertList kList{kInfos.data(), kKernels.data(), kCount};

}  // namespace

const ConvertList &convert_list() { return kList; }

}  // namespace frugal
