// C ABI of binary (XNOR) 2-D convolution: validation of the descriptor and the weights, the
// weights binarized and packed once here ([OC][KH*KW][words along IC/groups], bit 1 = -1), the
// per-channel multipliers (given, or alpha = mean|W| of XNOR-Net) and what a padded tap adds to
// the dot for the padding mode, then kernel selection.
#include <cmath>
#include <memory>
#include <vector>

#include "core/error.h"
#include "dispatch/bconv2d_list.h"
#include "ops/binarize.h"
#include "ops/op_handle.h"

namespace frugal {

frugal_status make_bconv2d_problem(const frugal_bconv2d_desc *desc, BConv2dProblem *out) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d: descriptor is null");
    const frugal_bconv2d_desc &q = *desc;
    const frugal_conv2d_desc d = conv2d_geometry(q);
    BConv2dProblem p;
    if (frugal_status s = make_conv2d_problem(&d, &p.conv, "bconv2d"); s != FRUGAL_OK) return s;
    if (d.layout != FRUGAL_LAYOUT_NHWC)
        return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d: layout must be NHWC (channels are bit-packed per pixel)");
    if (q.padding_mode != FRUGAL_BPAD_ZERO && q.padding_mode != FRUGAL_BPAD_PLUS_ONE &&
        q.padding_mode != FRUGAL_BPAD_MINUS_ONE)
        return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d: unknown padding mode %d", q.padding_mode);
    if (q.dst_dtype != FRUGAL_F32 && q.dst_dtype != FRUGAL_BIT)
        return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d: dst dtype %d is neither F32 nor BIT", q.dst_dtype);
    if (q.dst_dtype == FRUGAL_BIT && q.activation.kind != FRUGAL_ACT_NONE)
        return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d: a BIT dst takes no activation (fold it into the thresholds)");
    if (q.activation_scaling != 0 && q.activation_scaling != 1)
        return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d: activation_scaling must be 0 (none) or 1 (XNOR-Net K), got %d",
                    q.activation_scaling);
    // Any channels per group: groups that do not fill whole words are read across word
    // boundaries (ops/bconv2d_exec.h).
    const int64_t icg = p.conv.ic_per_group();
    if (icg > (int64_t(1) << 30))
        return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d: in_channels/groups %lld exceeds 2^30", (long long)icg);
    // The xnor kernels convert dots to double exactly below 2^51 (kernels-cpu/src/xnor).
    if (icg * d.kernel_h * d.kernel_w >= (int64_t(1) << 40))
        return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d: in_channels/groups x kernel_h x kernel_w = %lld reaches 2^40",
                    (long long)(icg * d.kernel_h * d.kernel_w));
    p.pad_mode = q.padding_mode;
    p.dst_bit = q.dst_dtype == FRUGAL_BIT;
    p.out_words = (d.out_channels + 63) / 64;
    p.words = (d.in_channels + 63) / 64;
    p.group_words = (icg + 63) / 64;
    p.taps = d.kernel_h * d.kernel_w;
    p.scaled = q.activation_scaling == 1;
    *out = p;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_bconv2d_out_shape(const frugal_bconv2d_desc *desc, int64_t *out_h, int64_t *out_w) {
    if (out_h == nullptr || out_w == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d_out_shape: out_h or out_w is null");
    clear_error();
    BConv2dProblem p;
    if (frugal_status s = make_bconv2d_problem(desc, &p); s != FRUGAL_OK) return s;
    *out_h = p.conv.out_h;
    *out_w = p.conv.out_w;
    return FRUGAL_OK;
}

frugal_status frugal_bconv2d_create(const frugal_bconv2d_desc *desc, const frugal_op_options *options,
                                    const float *weights, const float *multiplier, const float *bias,
                                    const float *threshold, frugal_bconv2d **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d_create: out is null");
    *out = nullptr;
    if (weights == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d_create: weights are null");
    return guarded("bconv2d", [&] {
        BConv2dProblem p;
        if (frugal_status s = make_bconv2d_problem(desc, &p); s != FRUGAL_OK) return s;
        if (p.dst_bit && threshold == nullptr)
            return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d_create: a BIT dst needs thresholds");
        if (!p.dst_bit && threshold != nullptr)
            return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d_create: thresholds are for a BIT dst only (this dst is F32)");
        const frugal_conv2d_desc &d = p.conv.d;
        const int64_t oc = d.out_channels, icg = p.conv.ic_per_group(), taps = p.taps, gw = p.group_words;
        const int64_t per_oc = p.conv.weight_elems / oc;
        if (frugal_status s = check_finite_weights("bconv2d", weights, p.conv.weight_elems, per_oc); s != FRUGAL_OK) return s;
        for (const float *v : {multiplier, bias})
            if (v != nullptr)
                for (int64_t i = 0; i < oc; ++i)
                    if (!std::isfinite(v[i]))
                        return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d_create: %s %lld is %g; it must be finite",
                                    v == bias ? "bias" : "multiplier", (long long)i, (double)v[i]);
        if (threshold != nullptr)
            for (int64_t i = 0; i < oc; ++i)
                if (std::isnan(threshold[i]))
                    return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d_create: threshold %lld is NaN", (long long)i);
        std::vector<uint64_t> bits;
        std::vector<float> mult;
        binarize_weights(weights, oc, icg, taps, gw, multiplier, &bits, &mult);
        std::vector<int32_t> pad((size_t)(oc * taps), 0);
        for (int64_t o = 0; o < oc; ++o) {
            if (p.pad_mode != FRUGAL_BPAD_ZERO)
                for (int64_t t = 0; t < taps; ++t) {
                    int64_t pw = 0;
                    for (int64_t j = 0; j < gw; ++j) pw += __builtin_popcountll(bits[(size_t)((o * taps + t) * gw + j)]);
                    // +1 input: popcount(x ^ w) = pw; -1 input: icg - pw.
                    const int64_t plus = icg - 2 * pw;
                    pad[(size_t)(o * taps + t)] = (int32_t)(p.pad_mode == FRUGAL_BPAD_PLUS_ONE ? plus : -plus);
                }
        }
        p.wbits = bits.data();
        p.multiplier = mult.data();
        p.pad_dot = pad.data();
        p.threshold = threshold;
        size_t n;
        const BConv2dEntry *list = bconv2d_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = create_kernel("bconv2d", list, n, options ? options->impl : nullptr, p, weights, bias, &kernel);
        if (s != FRUGAL_OK) return s;
        return wrap_kernel(std::move(kernel), out);
    });
}

frugal_status frugal_bconv2d_share(const frugal_bconv2d *conv, frugal_bconv2d **out) {
    return share_handle("bconv2d", conv, out);
}

frugal_status frugal_bconv2d_execute(frugal_bconv2d *conv, const void *src, void *dst) {
    // Untyped src (packed words) and dst (f32) pass through Kernel::execute (ops/kernel.h).
    return execute_handle("bconv2d", conv, static_cast<const float *>(src), static_cast<float *>(dst));
}

frugal_status frugal_bconv2d_execute_scaled(frugal_bconv2d *conv, const void *src_bits, const float *mean_abs, void *dst) {
    if (conv == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d_execute_scaled: handle is null");
    if (src_bits == nullptr || mean_abs == nullptr || dst == nullptr)
        return fail(FRUGAL_INVALID_ARGUMENT, "bconv2d_execute_scaled: %s is null",
                    src_bits == nullptr ? "src_bits" : mean_abs == nullptr ? "mean_abs" : "dst");
    // Kernel::execute_binary: the packed bits, then mean |x| [N, H, W], then the untyped dst.
    return guarded("bconv2d", [&] {
        return conv->kernel->execute_binary(conv->state.get(), static_cast<const float *>(src_bits), mean_abs,
                                            static_cast<float *>(dst));
    });
}

const char *frugal_bconv2d_impl_name(const frugal_bconv2d *conv) { return handle_impl_name(conv); }

void frugal_bconv2d_destroy(frugal_bconv2d *conv) { delete conv; }

}  // extern "C"
