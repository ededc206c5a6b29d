// A validated binary (XNOR) 2-D convolution: the geometry (a Conv2dProblem, NHWC), the padding
// mode, and the weights binarized and packed once by the C entry (ops/bconv2d.cpp), so that every
// kernel computes with the same bits, multipliers and padded-tap contributions.
#pragma once

#include <cstdint>

#include "ops/conv2d_problem.h"

namespace frugal {

struct BConv2dProblem {
    Conv2dProblem conv;  // geometry, layout (NHWC), activation (conv.d)
    frugal_bpad pad_mode = FRUGAL_BPAD_ZERO;
    bool dst_bit = false;   // BIT dst (thresholded), else F32
    int64_t out_words = 0;  // uint64 words per output pixel of a BIT dst: ceil(out_channels / 64)
    int64_t words = 0;      // uint64 words per input pixel: ceil(in_channels / 64)
    // Words per group: ceil(ic_per_group / 64). Group g's channels start at bit g * ic_per_group
    // of a pixel's words, mid-word unless ic_per_group is a multiple of 64 (ops/bconv2d_exec.h).
    int64_t group_words = 0;
    int64_t taps = 0;       // kernel_h * kernel_w
    bool scaled = false;    // XNOR-Net activation scaling: execute_scaled with mean |x| [N, H, W]
    // Valid while kernels are created:
    const uint64_t *wbits = nullptr;   // [OC][taps][group_words], bit 1 = -1, zero past ic_per_group
    const float *multiplier = nullptr;  // [OC]
    const int32_t *pad_dot = nullptr;   // [OC][taps]: what a padded tap adds to dot (0 for ZERO)
    const float *threshold = nullptr;   // [OC], BIT dst only
    // Bits of a pixel's last word that hold channels (groups == 1); the rest are ignored.
    uint64_t last_mask() const {
        const int64_t r = conv.d.in_channels % 64;
        return r == 0 ? ~uint64_t(0) : (uint64_t(1) << r) - 1;
    }
    // Bits of a group's last word that hold its channels (equal to last_mask() for groups == 1).
    uint64_t group_mask() const {
        const int64_t r = conv.ic_per_group() % 64;
        return r == 0 ? ~uint64_t(0) : (uint64_t(1) << r) - 1;
    }
    // Whether every group starts on a word: one group, or whole words of channels per group.
    bool groups_on_words() const { return conv.d.groups == 1 || conv.ic_per_group() % 64 == 0; }
};

frugal_status make_bconv2d_problem(const frugal_bconv2d_desc *desc, BConv2dProblem *out);

}  // namespace frugal
