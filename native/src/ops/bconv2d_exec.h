// What the binary (XNOR) conv2d kernels share at execute time (ref/ref_bconv2d.cpp,
// cpu/cpu_xnor.cpp), so that they read a group's bits and compute XNOR-Net's K the same way:
//  - a group's packed bits: groups whose channels do not fill whole words start mid-word (group g
//    at bit g * icg of the pixel's words), read by a funnel shift across two words;
//  - the per-handle scratch (made by make_state, sized at create from the fixed shapes) that holds
//    the input repacked so that each group starts on a word, and K per output pixel.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "ops/bconv2d_problem.h"
#include "ops/kernel.h"

namespace frugal {

// 64 bits of a pixel's packed channels (words of them) starting at bit `bit`; bits past the
// pixel's last word read as 0. The caller masks what lies past its group.
inline uint64_t bconv2d_group_word(const uint64_t *px, int64_t words, int64_t bit) {
    const int64_t q = bit / 64, r = bit % 64;
    uint64_t v = px[q] >> r;
    if (r != 0 && q + 1 < words) v |= px[q + 1] << (64 - r);
    return v;
}

struct BConv2dState final : ExecState {
    std::vector<uint64_t> repacked;  // [N, H, W, groups * group_words] when the kernel repacks
    std::vector<double> k;           // [N, OH, OW] when activation scaling is on
};

// The scratch an execute of p needs: the repacked input if `repack`, K if p.scaled.
std::unique_ptr<ExecState> make_bconv2d_state(const BConv2dProblem &p, bool repack);

// src [N, H, W, words] -> dst [N, H, W, groups * group_words]: group g's channels from bit 0 of
// its first word, bits past icg zero (so the weights' zeros there add nothing). OpenMP by pixel.
void bconv2d_repack_groups(const BConv2dProblem &p, const uint64_t *src, uint64_t *dst);

// XNOR-Net's K = (sum of mean_abs over the output pixel's taps inside the input, in tap order
// kh, kw, in double) / (KH * KW): the box filter of A with zero padding. mean_abs F32 [N, H, W],
// k [N, OH, OW]. OpenMP by output row.
void bconv2d_k_scale(const BConv2dProblem &p, const float *mean_abs, double *k);

// Whether this execute call suits the conv: scaled convs take mean_abs (execute_scaled), the
// others none (execute). A clear FRUGAL_INVALID_ARGUMENT otherwise.
frugal_status bconv2d_check_scaling(const BConv2dProblem &p, const float *mean_abs);

}  // namespace frugal
