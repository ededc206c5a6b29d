package io.frugal;

import java.util.SplittableRandom;

/**
 * Float64 scalar references for the kernel tests: plain loops, no SIMD, no native code. They
 * follow the definitions the API states (ONNX Conv and Gemm, and the ONNX activations of
 * {@link Activation}), written independently of {@code native/src/ref/}, so that the native
 * {@code ref:direct} kernels are themselves checked against them.
 */
final class Reference {
    private Reference() {}

    /**
     * ONNX Conv, forward: {@code dst[n, oc, oh, ow] = act(bias[oc] + sum src[n, g*ICg + ic,
     * oh*sh - pt + kh*dh, ow*sw - pl + kw*dw] * w[oc, ic, kh, kw])}, taps outside the input being
     * zero. src and dst are in {@code p.layout()}; weights are [OC, IC/G, KH, KW]; bias may be null.
     */
    static double[] conv2d(Conv2dParams p, float[] src, float[] weights, float[] bias) {
        final int n = (int) p.batch(), c = (int) p.inChannels(), ih = (int) p.inH(), iw = (int) p.inW();
        final int oc = (int) p.outChannels(), oh = (int) p.outH(), ow = (int) p.outW();
        final int kh = (int) p.kernelH(), kw = (int) p.kernelW(), g = (int) p.groups();
        final int icg = c / g, ocg = oc / g;
        final boolean nhwc = p.layout() == Layout.NHWC;
        double[] dst = new double[n * oc * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < oc; o++) {
                int group = o / ocg;
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        double acc = bias == null ? 0 : bias[o];
                        for (int i = 0; i < icg; i++) {
                            int ci = group * icg + i;
                            for (int ky = 0; ky < kh; ky++) {
                                long sy = y * p.strideH() - p.padTop() + ky * p.dilationH();
                                if (sy < 0 || sy >= ih) continue;
                                for (int kx = 0; kx < kw; kx++) {
                                    long sx = x * p.strideW() - p.padLeft() + kx * p.dilationW();
                                    if (sx < 0 || sx >= iw) continue;
                                    int si = nhwc ? (int) (((b * (long) ih + sy) * iw + sx) * c + ci)
                                            : (int) (((b * (long) c + ci) * ih + sy) * iw + sx);
                                    acc += (double) src[si] * (double) weights[((o * icg + i) * kh + ky) * kw + kx];
                                }
                            }
                        }
                        int di = nhwc ? ((b * oh + y) * ow + x) * oc + o : ((b * oc + o) * oh + y) * ow + x;
                        dst[di] = activation(p.activation(), acc);
                    }
                }
            }
        }
        return dst;
    }

    /**
     * {@code dst[b, m, n] = act(bias[n] + sum_k src[b, m, k] * W[k, n])}, W stored [K, N], or
     * [N, K] when {@code p.weightsTransposed()}; bias may be null.
     */
    static double[] matmul(MatMulParams p, float[] src, float[] weights, float[] bias) {
        final int batch = (int) p.batch(), m = (int) p.m(), k = (int) p.k(), n = (int) p.n();
        double[] dst = new double[batch * m * n];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < m; i++) {
                int row = (b * m + i) * k;
                for (int j = 0; j < n; j++) {
                    double acc = bias == null ? 0 : bias[j];
                    for (int q = 0; q < k; q++) {
                        float w = p.weightsTransposed() ? weights[j * k + q] : weights[q * n + j];
                        acc += (double) src[row + q] * (double) w;
                    }
                    dst[(b * m + i) * n + j] = activation(p.activation(), acc);
                }
            }
        }
        return dst;
    }

    /**
     * ONNX MaxPool / AveragePool: over the taps {@code (y*sh - pt + ky*dh, x*sw - pl + kx*dw)}
     * inside the input, the maximum, or the sum divided by the number of taps inside the input
     * (or, with countIncludePad, inside the explicitly padded input).
     */
    static double[] pool2d(Pool2dParams p, float[] src) {
        final int n = (int) p.batch(), c = (int) p.channels(), ih = (int) p.inH(), iw = (int) p.inW();
        final int oh = (int) p.outH(), ow = (int) p.outW();
        final boolean nhwc = p.layout() == Layout.NHWC;
        double[] dst = new double[n * c * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        double sum = 0, max = Double.NEGATIVE_INFINITY;
                        int inside = 0, padded = 0;
                        for (int ky = 0; ky < p.kernelH(); ky++) {
                            long sy = y * p.strideH() - p.padTop() + ky * p.dilationH();
                            for (int kx = 0; kx < p.kernelW(); kx++) {
                                long sx = x * p.strideW() - p.padLeft() + kx * p.dilationW();
                                if (sy < ih + p.padBottom() && sx < iw + p.padRight()) padded++;
                                if (sy < 0 || sy >= ih || sx < 0 || sx >= iw) continue;
                                double v = src[nhwc ? (int) (((b * (long) ih + sy) * iw + sx) * c + ch)
                                        : (int) (((b * (long) c + ch) * ih + sy) * iw + sx)];
                                sum += v;
                                max = Math.max(max, v);
                                inside++;
                            }
                        }
                        double r = p.kind() == Pool2dParams.Kind.MAX ? max : sum / (p.countIncludePad() ? padded : inside);
                        dst[nhwc ? ((b * oh + y) * ow + x) * c + ch : ((b * c + ch) * oh + y) * ow + x] = r;
                    }
                }
            }
        }
        return dst;
    }

    /** The ONNX definitions, in double. */
    static double activation(Activation a, double x) {
        double alpha = a.alpha(), beta = a.beta();
        switch (a.kind()) {
            case NONE:
                return x;
            case RELU: // LeakyRelu when alpha != 0
                return x >= 0 ? x : alpha * x;
            case CLIP:
                return Math.min(Math.max(x, alpha), beta);
            case SIGMOID:
                return 1 / (1 + Math.exp(-x));
            case HARD_SIGMOID:
                return Math.max(0, Math.min(1, alpha * x + beta));
            case HARD_SWISH:
                return x * Math.max(0, Math.min(1, alpha * x + beta));
            case TANH:
                return Math.tanh(x);
            case SQRT:
                return Math.sqrt(x);
            case POW: // the exponent is alpha
                return Math.pow(x, alpha);
            case EXP:
                return Math.exp(x);
            case ABS:
                return Math.abs(x);
            case NEG:
                return -x;
            default:
                throw new AssertionError("activation " + a.kind() + " has no reference");
        }
    }

    /**
     * ||got - want||_2 / ||want||_2 (the absolute L2 error when want is all zeros); NaN if got
     * holds a NaN or an infinity, so that such results fail every tolerance.
     */
    static double relativeL2(float[] got, double[] want) {
        if (got.length != want.length) {
            throw new AssertionError("result has " + got.length + " elements, reference " + want.length);
        }
        double diff = 0, norm = 0;
        for (int i = 0; i < got.length; i++) {
            if (!Float.isFinite(got[i])) return Double.NaN;
            double d = got[i] - want[i];
            diff += d * d;
            norm += want[i] * want[i];
        }
        return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
    }

    static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    /** Uniform values in [-1, 1) from a fixed seed: reproducible inputs for every run. */
    static float[] uniform(long seed, int count) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }
}
