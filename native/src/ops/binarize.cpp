// Weight binarization shared by bconv2d and bwconv2d (binarize.h).
#include "ops/binarize.h"

#include <cmath>

#include "core/error.h"

namespace frugal {

frugal_status check_finite_weights(const char *op, const float *weights, int64_t count, int64_t per_oc) {
    for (int64_t i = 0; i < count; ++i)
        if (!std::isfinite(weights[i]))
            return fail(FRUGAL_INVALID_ARGUMENT, "%s_create: weight %lld (output channel %lld) is %g; weights must be finite",
                        op, (long long)i, (long long)(i / per_oc), (double)weights[i]);
    return FRUGAL_OK;
}

void binarize_weights(const float *weights, int64_t oc, int64_t icg, int64_t taps, int64_t group_words,
                      const float *multiplier, std::vector<uint64_t> *bits, std::vector<float> *mult) {
    bits->assign((size_t)(oc * taps * group_words), 0);
    mult->assign((size_t)oc, 0.f);
    const int64_t per_oc = icg * taps;
    for (int64_t o = 0; o < oc; ++o) {
        double sum = 0;
        for (int64_t ic = 0; ic < icg; ++ic)
            for (int64_t t = 0; t < taps; ++t) {
                const float w = weights[(o * icg + ic) * taps + t];  // [OC, ICg, KH, KW]
                sum += std::fabs((double)w);
                if (!(w >= 0.f)) (*bits)[(size_t)((o * taps + t) * group_words + ic / 64)] |= uint64_t(1) << (ic % 64);
            }
        (*mult)[(size_t)o] = multiplier ? multiplier[o] : (float)(sum / (double)per_oc);
    }
}

}  // namespace frugal
