package io.frugal.demo;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * The input of PaddleOCR's text-line orientation classifier (ch_ppocr_mobile_v2.0_cls), as
 * PaddleOCR makes it ({@code TextClassifier.resize_norm_img} in {@code tools/infer/predict_cls.py},
 * the same as {@code ClsResizeImg} in training):
 *
 * <ol>
 *   <li>resize to height 48 keeping the aspect ratio: width {@code min(192, ceil(48 * w / h))},
 *       bilinear as {@code cv2.resize(img, (rw, 48))} does ({@code INTER_LINEAR}: half-pixel
 *       centres, edges clamped, no anti-aliasing), rounded back to 8 bits as OpenCV does on a
 *       {@code uint8} image (OpenCV's fixed-point weights may differ by one level);</li>
 *   <li>channels in OpenCV's order, <b>B, G, R</b> (PaddleOCR reads images with {@code cv2.imread}
 *       and does not swap them), planar (CHW);</li>
 *   <li>{@code v / 255}, then {@code (v - 0.5) / 0.5}, in float32: [-1, 1];</li>
 *   <li>zero-padded on the right to width 192 (zero after normalisation, i.e. mid-grey).</li>
 * </ol>
 *
 * <p>{@link #apply} writes one image into a slice of a batch array and allocates nothing per
 * pixel: it keeps its pixel buffer and interpolation tables between calls, so an instance is not
 * thread-safe (use one per thread).
 */
public final class ClsPreprocess {
    public static final int CHANNELS = 3;
    public static final int HEIGHT = 48;
    public static final int WIDTH = 192;
    /** Floats per image: 3 x 48 x 192. */
    public static final int IMAGE_SIZE = CHANNELS * HEIGHT * WIDTH;

    private int[] pixels = new int[0];
    private final int[] x0 = new int[WIDTH];
    private final float[] xt = new float[WIDTH];
    private final int[] y0 = new int[HEIGHT];
    private final float[] yt = new float[HEIGHT];

    /** The width a w x h image is resized to: {@code min(192, ceil(48 * (w / h)))}, as PaddleOCR computes it. */
    public static int resizedWidth(int width, int height) {
        checkSize(width, height);
        double ratio = width / (double) height;
        double w = Math.ceil(HEIGHT * ratio);
        return w > WIDTH ? WIDTH : (int) w;
    }

    /**
     * Writes image into {@code batch[index * IMAGE_SIZE ...]}, the index-th image of an
     * [N, 3, 48, 192] batch.
     *
     * @return the width the image was resized to (the rest of the row is padding)
     */
    public int apply(BufferedImage image, float[] batch, int index) {
        Objects.requireNonNull(image, "image is null");
        int w = image.getWidth(), h = image.getHeight();
        if (pixels.length < w * h) pixels = new int[w * h];
        image.getRGB(0, 0, w, h, pixels, 0, w);
        return apply(pixels, w, h, batch, index);
    }

    /**
     * As {@link #apply(BufferedImage, float[], int)} from packed 0xRRGGBB pixels (alpha ignored),
     * row-major, {@code width * height} of them.
     */
    public int apply(int[] rgb, int width, int height, float[] batch, int index) {
        Objects.requireNonNull(rgb, "pixels are null");
        Objects.requireNonNull(batch, "batch is null");
        checkSize(width, height);
        if ((long) width * height > rgb.length) {
            throw new IllegalArgumentException(width + "x" + height + " image needs " + (long) width * height + " pixels, got " + rgb.length);
        }
        if (index < 0 || (long) (index + 1) * IMAGE_SIZE > batch.length) {
            throw new IllegalArgumentException("image " + index + " does not fit in a batch of " + batch.length / IMAGE_SIZE
                    + " (" + batch.length + " floats)");
        }
        int rw = resizedWidth(width, height);
        table(width, rw, x0, xt);
        table(height, HEIGHT, y0, yt);
        int base = index * IMAGE_SIZE;
        int plane = HEIGHT * WIDTH;
        for (int y = 0; y < HEIGHT; y++) {
            int row0 = y0[y] * width;
            int row1 = (yt[y] == 0 ? y0[y] : y0[y] + 1) * width;
            float ty = yt[y];
            int out = base + y * WIDTH;
            for (int x = 0; x < rw; x++) {
                int c0 = x0[x];
                int c1 = xt[x] == 0 ? c0 : c0 + 1;
                float tx = xt[x];
                int p00 = rgb[row0 + c0], p01 = rgb[row0 + c1], p10 = rgb[row1 + c0], p11 = rgb[row1 + c1];
                // OpenCV's order: B, G, R.
                batch[out + x] = normalize(lerp(p00, p01, p10, p11, 0, tx, ty));
                batch[out + plane + x] = normalize(lerp(p00, p01, p10, p11, 8, tx, ty));
                batch[out + 2 * plane + x] = normalize(lerp(p00, p01, p10, p11, 16, tx, ty));
            }
            for (int c = 0; c < CHANNELS; c++) {
                java.util.Arrays.fill(batch, out + c * plane + rw, out + c * plane + WIDTH, 0f);
            }
        }
        return rw;
    }

    /**
     * cv2.resize INTER_LINEAR's source coordinate for each destination index: src = (d + 0.5) * in / out - 0.5,
     * its integer part in lo and fraction in t; clamped to the first and last source index (t = 0 there).
     */
    private static void table(int in, int out, int[] lo, float[] t) {
        double scale = in / (double) out;
        for (int d = 0; d < out; d++) {
            float f = (float) ((d + 0.5) * scale - 0.5);
            int s = (int) Math.floor(f);
            float frac = f - s;
            if (s < 0) {
                s = 0;
                frac = 0;
            }
            if (s >= in - 1) {
                s = in - 1;
                frac = 0;
            }
            lo[d] = s;
            t[d] = frac;
        }
    }

    /** Bilinear mix of one 8-bit channel (at bit shift) of four pixels, rounded to 8 bits as cv2 does for uint8. */
    private static int lerp(int p00, int p01, int p10, int p11, int shift, float tx, float ty) {
        float v00 = (p00 >> shift) & 0xFF, v01 = (p01 >> shift) & 0xFF, v10 = (p10 >> shift) & 0xFF, v11 = (p11 >> shift) & 0xFF;
        float top = v00 + (v01 - v00) * tx;
        float bottom = v10 + (v11 - v10) * tx;
        float v = top + (bottom - top) * ty;
        int r = (int) (v + 0.5f);
        return Math.max(0, Math.min(255, r));
    }

    /** PaddleOCR's normalisation, in float32 as numpy does it: (v / 255 - 0.5) / 0.5. */
    static float normalize(int v) {
        return ((float) v / 255f - 0.5f) / 0.5f;
    }

    private static void checkSize(int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size " + width + "x" + height + " is not positive");
    }
}
