// C ABI of int8 matrix multiply with constant weights: validation of the descriptor and the
// weights, per-column weight quantization (once, here), then kernel selection.
#include <cmath>
#include <memory>
#include <vector>

#include "core/error.h"
#include "dispatch/qmatmul_list.h"
#include "ops/op_handle.h"
#include "ops/quantize.h"

namespace frugal {

frugal_status make_qmatmul_problem(const frugal_qmatmul_desc *desc, QMatmulProblem *out) {
    if (desc == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "qmatmul: descriptor is null");
    const frugal_qmatmul_desc &q = *desc;
    frugal_matmul_desc d{};
    d.batch = q.batch;
    d.m = q.m;
    d.k = q.k;
    d.n = q.n;
    d.weights_transposed = q.weights_transposed;
    d.activation = q.activation;
    QMatmulProblem p;
    if (frugal_status s = make_matmul_problem(&d, &p.mm, "qmatmul"); s != FRUGAL_OK) return s;
    if (std::string why = check_quant_types(q.src_dtype, q.src_scale, q.dst_dtype, q.dst_scale); !why.empty())
        return fail(FRUGAL_INVALID_ARGUMENT, "qmatmul: %s", why.c_str());
    p.src_dtype = q.src_dtype;
    p.dst_dtype = q.dst_dtype;
    p.src_scale = q.src_scale;
    if (p.dst_is_int8()) p.dst_scale = q.dst_scale;
    if (d.k > FRUGAL_QCONV2D_MAX_REDUCTION)
        return fail(FRUGAL_INVALID_ARGUMENT, "qmatmul: k = %lld exceeds %d, where the s32 accumulator could overflow",
                    (long long)d.k, FRUGAL_QCONV2D_MAX_REDUCTION);
    *out = p;
    return FRUGAL_OK;
}

}  // namespace frugal

using namespace frugal;

extern "C" {

frugal_status frugal_qmatmul_create(const frugal_qmatmul_desc *desc, const frugal_op_options *options,
                                    const float *weights, const float *bias, frugal_qmatmul **out) {
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "qmatmul_create: out is null");
    *out = nullptr;
    if (weights == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "qmatmul_create: weights are null");
    return guarded("qmatmul", [&] {
        QMatmulProblem p;
        if (frugal_status s = make_qmatmul_problem(desc, &p); s != FRUGAL_OK) return s;
        const frugal_matmul_desc &d = p.mm.d;
        for (int64_t i = 0; i < p.mm.weight_elems; ++i)
            if (!std::isfinite(weights[i]))
                return fail(FRUGAL_INVALID_ARGUMENT, "qmatmul_create: weight %lld (column %lld) is %g; weights must be finite",
                            (long long)i, (long long)(d.weights_transposed ? i / d.k : i % d.n), (double)weights[i]);
        if (bias != nullptr)
            for (int64_t i = 0; i < d.n; ++i)
                if (!std::isfinite(bias[i]))
                    return fail(FRUGAL_INVALID_ARGUMENT, "qmatmul_create: bias %lld is %g; bias must be finite", (long long)i,
                                (double)bias[i]);
        std::vector<int8_t> q((size_t)p.mm.weight_elems);
        auto scales = std::make_shared<std::vector<float>>((size_t)d.n);
        // Column n: [k, n] storage steps by n along k; [n, k] storage is row n, contiguous.
        if (d.weights_transposed) quantize_per_channel(weights, d.n, d.k, d.k, 1, q.data(), scales->data());
        else quantize_per_channel(weights, d.n, d.k, 1, d.n, q.data(), scales->data());
        p.qweights = q.data();
        p.weight_scales = scales->data();
        size_t n;
        const QMatmulEntry *list = qmatmul_list(&n);
        std::shared_ptr<const Kernel> kernel;
        frugal_status s = create_kernel("qmatmul", list, n, options ? options->impl : nullptr, p, weights, bias, &kernel);
        if (s != FRUGAL_OK) return s;
        s = wrap_kernel(std::move(kernel), out);
        if (s == FRUGAL_OK) (*out)->weight_scales = std::move(scales);
        return s;
    });
}

frugal_status frugal_qmatmul_share(const frugal_qmatmul *matmul, frugal_qmatmul **out) {
    frugal_status s = share_handle("qmatmul", matmul, out);
    if (s == FRUGAL_OK) (*out)->weight_scales = matmul->weight_scales;
    return s;
}

frugal_status frugal_qmatmul_execute(frugal_qmatmul *matmul, const void *src, void *dst) {
    // The kernels read and write src/dst as the descriptor's types; see frugal_qconv2d in ops/kernel.h.
    return execute_handle("qmatmul", matmul, static_cast<const float *>(src), static_cast<float *>(dst));
}

frugal_status frugal_qmatmul_weight_scales(const frugal_qmatmul *matmul, float *out, int64_t count) {
    if (matmul == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "qmatmul_weight_scales: handle is null");
    if (out == nullptr) return fail(FRUGAL_INVALID_ARGUMENT, "qmatmul_weight_scales: out is null");
    const std::vector<float> &s = *matmul->weight_scales;
    if (count != (int64_t)s.size())
        return fail(FRUGAL_INVALID_ARGUMENT, "qmatmul_weight_scales: count %lld is not n %lld", (long long)count,
                    (long long)s.size());
    std::copy(s.begin(), s.end(), out);
    clear_error();
    return FRUGAL_OK;
}

const char *frugal_qmatmul_impl_name(const frugal_qmatmul *matmul) { return handle_impl_name(matmul); }

void frugal_qmatmul_destroy(frugal_qmatmul *matmul) { delete matmul; }

}  // extern "C"
