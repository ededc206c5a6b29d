// C ABI of binary-weight (BWN) 2-D convolution: validation of the descriptor and the weights,
// the weights binarized once here (ops/binarize.h, exactly as bconv2d binarizes them) with their
// per-channel multipliers (given, or alpha = mean|W|), then kernel selection.
#include <cmath>
#include <memory>
#include <vector>

#include "core/error.h"
#include "dispatch/bwconv2d_list.h"
#include "ops/binarize.h"
#include "ops/op_handle.h"

namespace frugal {

frugal_status make_bwconv2d_problem(const frugal_conv2d_desc *desc, BWConv2dProblem *out) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "bwconv2d: descriptor is null");
    BWConv2dProblem p;
    if (frugal_status s = make_conv2d_problem(desc, &p.conv, "bwconv2d"); s != FRUGAL_OK) return s;
    if (desc->layout != FRUGAL_LAYOUT_NHWC)
        return fail(FRUGAL_INVALID_ARGUMENT,
                    "bwconv2d: layout must be NHWC (the kernels broadcast a pixel's channels); NCHW is unsupported");
    p.taps = desc->kernel_h * desc->kernel_w;
    p.group_words = (p.conv.ic_per_group() + 63) / 64;
    *out = p;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_bwconv2d_create(const frugal_conv2d_desc *desc, const frugal_op_options *options,
                                     const float *weights, const float *multiplier, const float *bias,
                                     frugal_bwconv2d **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "bwconv2d_create: out is null");
    *out = nullptr;
    if (weights == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "bwconv2d_create: weights are null");
    return guarded("bwconv2d", [&] {
        BWConv2dProblem p;
        if (frugal_status s = make_bwconv2d_problem(desc, &p); s != FRUGAL_OK) return s;
        const int64_t oc = p.conv.d.out_channels, icg = p.conv.ic_per_group();
        if (frugal_status s = check_finite_weights("bwconv2d", weights, p.conv.weight_elems, icg * p.taps); s != FRUGAL_OK)
            return s;
        for (const float *v : {multiplier, bias})
            if (v != nullptr)
                for (int64_t i = 0; i < oc; ++i)
                    if (!std::isfinite(v[i]))
                        return fail(FRUGAL_INVALID_ARGUMENT, "bwconv2d_create: %s %lld is %g; it must be finite",
                                    v == bias ? "bias" : "multiplier", (long long)i, (double)v[i]);
        std::vector<uint64_t> bits;
        std::vector<float> mult;
        binarize_weights(weights, oc, icg, p.taps, p.group_words, multiplier, &bits, &mult);
        p.wbits = bits.data();
        p.multiplier = mult.data();
        size_t n;
        const BWConv2dEntry *list = bwconv2d_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = create_kernel("bwconv2d", list, n, options ? options->impl : nullptr, p, weights, bias, &kernel);
        if (s != FRUGAL_OK) return s;
        return wrap_kernel(std::move(kernel), out);
    });
}

frugal_status frugal_bwconv2d_share(const frugal_bwconv2d *conv, frugal_bwconv2d **out) {
    return share_handle("bwconv2d", conv, out);
}

frugal_status frugal_bwconv2d_execute(frugal_bwconv2d *conv, const float *src, float *dst) {
    return execute_handle("bwconv2d", conv, src, dst);
}

const char *frugal_bwconv2d_impl_name(const frugal_bwconv2d *conv) { return handle_impl_name(conv); }

void frugal_bwconv2d_destroy(frugal_bwconv2d *conv) { delete conv; }

}  // extern "C"
