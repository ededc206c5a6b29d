// Weight binarization shared by bconv2d and bwconv2d (binarize.h).
#include "ops/binarize.h"

#include <cmath>
#include <stdexcept>

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
    // The signs go through the vectorized bit-pack kernel (frugal_bitpack, the best ISA here): the
    // weights re-laid [OC][taps][icg], so each (oc, tap) row packs along icg into group_words words.
    // w >= 0 packs as 0 (+1) and w < 0 as 1 (-1); NaN was refused by check_finite_weights.
    std::vector<float> rows((size_t)(oc * taps * icg));
    const int64_t per_oc = icg * taps;
    for (int64_t o = 0; o < oc; ++o) {
        double sum = 0;
        for (int64_t ic = 0; ic < icg; ++ic)
            for (int64_t t = 0; t < taps; ++t) {
                const float w = weights[(o * icg + ic) * taps + t];  // [OC, ICg, KH, KW]
                sum += std::fabs((double)w);
                rows[(size_t)((o * taps + t) * icg + ic)] = w;
            }
        (*mult)[(size_t)o] = multiplier ? multiplier[o] : (float)(sum / (double)per_oc);
    }
    frugal_bitpack_desc d{};
    d.rows = oc * taps;
    d.cols = icg;
    d.direction = FRUGAL_BITPACK_PACK;
    frugal_bitpack *pack = nullptr;
    frugal_status s = frugal_bitpack_create(&d, nullptr, &pack);
    if (s == FRUGAL_OK) s = frugal_bitpack_execute(pack, rows.data(), bits->data());
    frugal_bitpack_destroy(pack);
    if (s != FRUGAL_OK) throw std::runtime_error("binarize_weights: packing the weight signs failed");
}

}  // namespace frugal
