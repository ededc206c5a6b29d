// fp32 resize (ONNX Resize over H and W, NEAREST and LINEAR) from tables built once at create:
// for every output row and column, its source index (NEAREST) or its two source indices and
// weights (LINEAR). execute only gathers, without allocating: NCHW in one OpenMP loop over
// N*C planes and output rows; NHWC over images and output rows, moving or blending the C
// contiguous channels of a pixel at once (with one channel, NHWC is NCHW: the plane path).
// Both layouts blend in the same order, so they agree bit for bit. Coordinates follow the ONNX
// formulas in double, as the ONNX reference implementation computes them; the weights are then
// rounded to float.
#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "dispatch/resize_list.h"

namespace frugal {
namespace {

// x_original of output coordinate x along one axis (ONNX Resize, coordinate_transformation_mode).
double original_coordinate(int mode, int64_t x, double scale, int64_t in_len, int64_t out_len) {
    const double xr = (double)x;
    switch (mode) {
        case FRUGAL_RESIZE_COORD_HALF_PIXEL: return (xr + 0.5) / scale - 0.5;
        case FRUGAL_RESIZE_COORD_PYTORCH_HALF_PIXEL: return out_len > 1 ? (xr + 0.5) / scale - 0.5 : 0.0;
        case FRUGAL_RESIZE_COORD_ALIGN_CORNERS:
            return out_len > 1 ? xr * (double)(in_len - 1) / (double)(out_len - 1) : 0.0;
        case FRUGAL_RESIZE_COORD_ASYMMETRIC: return xr / scale;
        default: return (xr + 0.5) / scale;  // FRUGAL_RESIZE_COORD_TF_HALF_PIXEL_FOR_NN
    }
}

// ONNX nearest_mode. x - 0.5 and x + 0.5 are exact for the coordinates a tensor can have
// (|x| < 2^52), so a tie (x = k + 0.5) goes exactly where the mode says.
double round_nearest(int mode, double x) {
    switch (mode) {
        case FRUGAL_RESIZE_ROUND_PREFER_FLOOR: return std::ceil(x - 0.5);
        case FRUGAL_RESIZE_ROUND_PREFER_CEIL: return std::floor(x + 0.5);
        case FRUGAL_RESIZE_ROUND_FLOOR: return std::floor(x);
        default: return std::ceil(x);  // FRUGAL_RESIZE_ROUND_CEIL
    }
}

// Clamped in double first: a tiny scale can put x far outside int64.
int64_t clamp_index(double x, int64_t len) { return (int64_t)std::min(std::max(x, 0.0), (double)(len - 1)); }

// The tables of one axis.
struct Axis {
    std::vector<int64_t> i0, i1;  // source indices (i1 only for LINEAR)
    std::vector<float> w0, w1;    // their weights (LINEAR)

    Axis(const frugal_resize_desc &d, double scale, int64_t in_len, int64_t out_len) {
        i0.resize(out_len);
        if (d.mode == FRUGAL_RESIZE_LINEAR) i1.resize(out_len), w0.resize(out_len), w1.resize(out_len);
        for (int64_t x = 0; x < out_len; ++x) {
            const double xo = original_coordinate(d.coordinate_transformation_mode, x, scale, in_len, out_len);
            if (d.mode == FRUGAL_RESIZE_NEAREST) {
                i0[x] = clamp_index(round_nearest(d.nearest_mode, xo), in_len);
                continue;
            }
            // Clamping the coordinate to [0, in_len - 1] before splitting it gives the same
            // blend as clamping both neighbour indices to the edge (ONNX pads with edge values):
            // outside, both neighbours are the edge pixel.
            const double xc = std::min(std::max(xo, 0.0), (double)(in_len - 1));
            const double lo = std::floor(xc);
            i0[x] = (int64_t)lo;
            i1[x] = std::min(i0[x] + 1, in_len - 1);
            w1[x] = (float)(xc - lo);
            w0[x] = (float)(1.0 - (xc - lo));
        }
    }
};

class TableResize final : public Kernel {
public:
    explicit TableResize(const ResizeProblem &p)
        : Kernel("cpu:table"),
          p_(p),
          h_(p.d, (double)p.d.scale_h, p.d.in_h, p.d.out_h),
          w_(p.d, (double)p.d.scale_w, p.d.in_w, p.d.out_w) {}

    std::unique_ptr<ExecState> make_state() const override { return std::make_unique<ExecState>(); }

    frugal_status execute(ExecState *, const float *src, float *dst) const override {
        if (p_.d.layout == FRUGAL_LAYOUT_NHWC && p_.d.channels > 1) return execute_nhwc(src, dst);
        const int64_t IH = p_.d.in_h, IW = p_.d.in_w, OH = p_.d.out_h, OW = p_.d.out_w;
        const int64_t *ix0 = w_.i0.data();
        // Planes and rows together, so that batch 1 with few channels still fills the cores.
        if (p_.d.mode == FRUGAL_RESIZE_NEAREST) {
#pragma omp parallel for collapse(2) schedule(static)
            for (int64_t pl = 0; pl < p_.planes; ++pl)
                for (int64_t oy = 0; oy < OH; ++oy) {
                    const float *row = src + (pl * IH + h_.i0[oy]) * IW;
                    float *y = dst + (pl * OH + oy) * OW;
                    for (int64_t ox = 0; ox < OW; ++ox) y[ox] = row[ix0[ox]];
                }
            return FRUGAL_OK;
        }
        const int64_t *ix1 = w_.i1.data();
        const float *wx0 = w_.w0.data(), *wx1 = w_.w1.data();
#pragma omp parallel for collapse(2) schedule(static)
        for (int64_t pl = 0; pl < p_.planes; ++pl)
            for (int64_t oy = 0; oy < OH; ++oy) {
                const float *r0 = src + (pl * IH + h_.i0[oy]) * IW, *r1 = src + (pl * IH + h_.i1[oy]) * IW;
                const float wy0 = h_.w0[oy], wy1 = h_.w1[oy];
                float *y = dst + (pl * OH + oy) * OW;
                for (int64_t ox = 0; ox < OW; ++ox) {
                    const float top = wx0[ox] * r0[ix0[ox]] + wx1[ox] * r0[ix1[ox]];
                    const float bottom = wx0[ox] * r1[ix0[ox]] + wx1[ox] * r1[ix1[ox]];
                    y[ox] = wy0 * top + wy1 * bottom;
                }
            }
        return FRUGAL_OK;
    }

private:
    // src [N, IH, IW, C], dst [N, OH, OW, C]: per output pixel, C contiguous floats.
    frugal_status execute_nhwc(const float *src, float *dst) const {
        const int64_t N = p_.d.batch, C = p_.d.channels, IH = p_.d.in_h, IW = p_.d.in_w, OH = p_.d.out_h,
                      OW = p_.d.out_w;
        const int64_t *ix0 = w_.i0.data();
        if (p_.d.mode == FRUGAL_RESIZE_NEAREST) {
#pragma omp parallel for collapse(2) schedule(static)
            for (int64_t n = 0; n < N; ++n)
                for (int64_t oy = 0; oy < OH; ++oy) {
                    const float *row = src + (n * IH + h_.i0[oy]) * IW * C;
                    float *y = dst + (n * OH + oy) * OW * C;
                    for (int64_t ox = 0; ox < OW; ++ox, y += C) {
                        const float *px = row + ix0[ox] * C;
                        std::copy(px, px + C, y);
                    }
                }
            return FRUGAL_OK;
        }
        const int64_t *ix1 = w_.i1.data();
        const float *wx0 = w_.w0.data(), *wx1 = w_.w1.data();
#pragma omp parallel for collapse(2) schedule(static)
        for (int64_t n = 0; n < N; ++n)
            for (int64_t oy = 0; oy < OH; ++oy) {
                const float *r0 = src + (n * IH + h_.i0[oy]) * IW * C, *r1 = src + (n * IH + h_.i1[oy]) * IW * C;
                const float wy0 = h_.w0[oy], wy1 = h_.w1[oy];
                float *y = dst + (n * OH + oy) * OW * C;
                for (int64_t ox = 0; ox < OW; ++ox, y += C) {
                    const float *a = r0 + ix0[ox] * C, *b = r0 + ix1[ox] * C;
                    const float *c = r1 + ix0[ox] * C, *d = r1 + ix1[ox] * C;
                    const float w0 = wx0[ox], w1 = wx1[ox];
                    // The same expression as the plane path, channel by channel (vectorizable:
                    // dst never overlaps src).
                    for (int64_t ch = 0; ch < C; ++ch) {
                        const float top = w0 * a[ch] + w1 * b[ch];
                        const float bottom = w0 * c[ch] + w1 * d[ch];
                        y[ch] = wy0 * top + wy1 * bottom;
                    }
                }
            }
        return FRUGAL_OK;
    }

    ResizeProblem p_;
    Axis h_, w_;
};

}  // namespace

frugal_status cpu_resize_create(const ResizeProblem &p, const float *, const float *, std::shared_ptr<const Kernel> *out,
                                std::string *why) {
    if (p.d.mode == FRUGAL_RESIZE_CUBIC) {
        *why = "mode CUBIC is not implemented (NEAREST and LINEAR are)";
        return FRUGAL_UNIMPLEMENTED;
    }
    if (p.d.coordinate_transformation_mode == FRUGAL_RESIZE_COORD_TF_CROP_AND_RESIZE) {
        *why = "coordinate_transformation_mode TF_CROP_AND_RESIZE (roi, extrapolation) is not implemented";
        return FRUGAL_UNIMPLEMENTED;
    }
    *out = std::make_shared<TableResize>(p);
    return FRUGAL_OK;
}

}  // namespace frugal
