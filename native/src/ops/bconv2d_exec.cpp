// The execute-time helpers of binary (XNOR) conv2d shared by its kernels (ops/bconv2d_exec.h).
#include "ops/bconv2d_exec.h"

#include "core/error.h"

namespace frugal {

std::unique_ptr<ExecState> make_bconv2d_state(const BConv2dProblem &p, bool repack) {
    auto s = std::make_unique<BConv2dState>();
    const frugal_conv2d_desc &d = p.conv.d;
    if (repack) s->repacked.assign((size_t)(d.batch * d.in_h * d.in_w * d.groups * p.group_words), 0);
    if (p.scaled) s->k.assign((size_t)(d.batch * p.conv.out_h * p.conv.out_w), 0.0);
    return s;
}

void bconv2d_repack_groups(const BConv2dProblem &p, const uint64_t *src, uint64_t *dst) {
    const frugal_conv2d_desc &d = p.conv.d;
    const int64_t pixels = d.batch * d.in_h * d.in_w, W = p.words, GW = p.group_words, G = d.groups;
    const int64_t icg = p.conv.ic_per_group();
    const uint64_t last = p.group_mask();
#pragma omp parallel for schedule(static)
    for (int64_t px = 0; px < pixels; ++px) {
        const uint64_t *x = src + px * W;
        uint64_t *y = dst + px * G * GW;
        for (int64_t g = 0; g < G; ++g)
            for (int64_t j = 0; j < GW; ++j) {
                const uint64_t v = bconv2d_group_word(x, W, g * icg + 64 * j);
                y[g * GW + j] = j == GW - 1 ? v & last : v;
            }
    }
}

void bconv2d_k_scale(const BConv2dProblem &p, const float *mean_abs, double *k) {
    const frugal_conv2d_desc &d = p.conv.d;
    const int64_t OH = p.conv.out_h, OW = p.conv.out_w;
    const double taps = (double)(d.kernel_h * d.kernel_w);
#pragma omp parallel for collapse(2) schedule(static)
    for (int64_t n = 0; n < d.batch; ++n)
        for (int64_t oh = 0; oh < OH; ++oh)
            for (int64_t ow = 0; ow < OW; ++ow) {
                double sum = 0.0;
                for (int64_t kh = 0; kh < d.kernel_h; ++kh) {
                    const int64_t ih = oh * d.stride_h - d.pad_top + kh * d.dilation_h;
                    if (ih < 0 || ih >= d.in_h) continue;
                    for (int64_t kw = 0; kw < d.kernel_w; ++kw) {
                        const int64_t iw = ow * d.stride_w - d.pad_left + kw * d.dilation_w;
                        if (iw < 0 || iw >= d.in_w) continue;
                        sum += (double)mean_abs[(n * d.in_h + ih) * d.in_w + iw];
                    }
                }
                k[(n * OH + oh) * OW + ow] = sum / taps;
            }
}

frugal_status bconv2d_check_scaling(const BConv2dProblem &p, const float *mean_abs) {
    if (p.scaled && mean_abs == nullptr)
        return fail(FRUGAL_INVALID_ARGUMENT,
                    "bconv2d_execute: this conv has activation scaling; use frugal_bconv2d_execute_scaled with a "
                    "mean |x| tensor F32 [N, H, W]");
    if (!p.scaled && mean_abs != nullptr)
        return fail(FRUGAL_INVALID_ARGUMENT,
                    "bconv2d_execute_scaled: this conv has no activation scaling (desc.activation_scaling is 0); "
                    "use frugal_bconv2d_execute");
    return FRUGAL_OK;
}

}  // namespace frugal
