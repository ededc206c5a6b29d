package io.frugal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PaddleOCR's resize_norm_img on small images whose outputs are worked out by hand. */
class ClsPreprocessTest {
    static final int W = ClsPreprocess.WIDTH, H = ClsPreprocess.HEIGHT, PLANE = W * H, SIZE = ClsPreprocess.IMAGE_SIZE;

    /** (v / 255 - 0.5) / 0.5 in float32, as numpy computes it. */
    static float norm(int v) {
        return ((float) v / 255f - 0.5f) / 0.5f;
    }

    static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }

    @Test
    void resizedWidthKeepsTheAspectUpTo192() {
        assertEquals(24, ClsPreprocess.resizedWidth(24, 48));
        assertEquals(97, ClsPreprocess.resizedWidth(97, 48));
        assertEquals(48, ClsPreprocess.resizedWidth(2, 2));
        assertEquals(5, ClsPreprocess.resizedWidth(10, 100)); // ceil(4.8)
        assertEquals(168, ClsPreprocess.resizedWidth(7, 2)); // exactly 168
        assertEquals(161, ClsPreprocess.resizedWidth(301, 90)); // ceil(160.53)
        assertEquals(192, ClsPreprocess.resizedWidth(192, 48));
        assertEquals(192, ClsPreprocess.resizedWidth(1000, 10)); // squeezed, as PaddleOCR does
        assertThrows(IllegalArgumentException.class, () -> ClsPreprocess.resizedWidth(0, 5));
    }

    @Test
    void heightFortyEightIsCopiedInBgrOrderThenPadded() {
        // 4 x 48: no resize. Pixel (x, y) = R 10x+1, G 100+y, B 200+x.
        int w = 4;
        int[] px = new int[w * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < w; x++) px[y * w + x] = rgb(10 * x + 1, 100 + y, 200 + x);
        }
        float[] batch = new float[2 * SIZE];
        Arrays.fill(batch, 7f); // garbage: padding must be written, image 0 left alone
        assertEquals(w, new ClsPreprocess().apply(px, w, H, batch, 1));
        for (int i = 0; i < SIZE; i++) assertEquals(7f, batch[i]);
        int base = SIZE;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int o = base + y * W + x;
                if (x < w) {
                    assertEquals(norm(200 + x), batch[o], "B at " + x + "," + y); // channel 0 is blue
                    assertEquals(norm(100 + y), batch[o + PLANE], "G at " + x + "," + y);
                    assertEquals(norm(10 * x + 1), batch[o + 2 * PLANE], "R at " + x + "," + y);
                } else {
                    assertEquals(0f, batch[o], "padding");
                    assertEquals(0f, batch[o + PLANE], "padding");
                    assertEquals(0f, batch[o + 2 * PLANE], "padding");
                }
            }
        }
        // Extremes: 0 -> -1, 255 -> 1.
        assertEquals(-1f, norm(0));
        assertEquals(1f, norm(255));
    }

    @Test
    void halvingAveragesTwoByTwoBlocks() {
        // 8 x 96 -> 4 x 48: cv2's INTER_LINEAR samples at (2d + 0.5), the mean of each 2x2 block.
        // Blue = 2x + 2y: block (dx, dy) averages to 4dx + 4dy + 2. Green = 255 - blue. Red = 9.
        int w = 8, h = 96;
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int b = 2 * x + 2 * y;
                px[y * w + x] = rgb(9, 255 - b, b);
            }
        }
        float[] batch = new float[SIZE];
        assertEquals(4, new ClsPreprocess().apply(px, w, h, batch, 0));
        // By hand: (0,0): pixels 0,2,2,4 -> 2; (3,0): 12,14,14,16 -> 14; (1,47): 192,194,194,196 -> 194.
        assertEquals(norm(2), batch[0]);
        assertEquals(norm(14), batch[3]);
        assertEquals(norm(194), batch[47 * W + 1]);
        assertEquals(norm(253), batch[PLANE]);
        assertEquals(norm(9), batch[2 * PLANE + 47 * W + 3]);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(norm(4 * x + 4 * y + 2), batch[y * W + x], x + "," + y);
                assertEquals(norm(253 - 4 * x - 4 * y), batch[PLANE + y * W + x], x + "," + y);
            }
            assertEquals(0f, batch[y * W + 4]);
        }
    }

    @Test
    void enlargingInterpolatesAndClampsAtTheEdges() {
        // 2 x 2, left column 0, right column 240 -> 48 x 48. Source x = (d + 0.5) * 2/48 - 0.5:
        // d <= 11 clamps to column 0 (0), d >= 36 to column 1 (240), between them 240 * x = 10d - 115.
        int[] px = {rgb(0, 0, 0), rgb(240, 240, 240), rgb(0, 0, 0), rgb(240, 240, 240)};
        float[] batch = new float[SIZE];
        assertEquals(48, new ClsPreprocess().apply(px, 2, 2, batch, 0));
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    float expected = x >= 48 ? 0f : norm(Math.max(0, Math.min(240, 10 * x - 115)));
                    assertEquals(expected, batch[c * PLANE + y * W + x], c + ":" + x + "," + y);
                }
            }
        }
        assertEquals(norm(5), batch[12]);
        assertEquals(norm(115), batch[23]);
        assertEquals(norm(125), batch[24]);
    }

    @Test
    void bufferedImagesGoThroughTheSamePath() {
        BufferedImage img = new BufferedImage(4, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 4; x++) img.setRGB(x, y, rgb(1, 2, 3 + x));
        }
        float[] batch = new float[SIZE];
        ClsPreprocess pre = new ClsPreprocess();
        assertEquals(4, pre.apply(img, batch, 0));
        assertEquals(norm(3), batch[0]);
        assertEquals(norm(6), batch[3]);
        assertEquals(norm(2), batch[PLANE]);
        assertEquals(norm(1), batch[2 * PLANE]);
        // A wide image after a narrow one: every position is rewritten (no stale tables or pixels).
        BufferedImage wide = new BufferedImage(400, 50, BufferedImage.TYPE_INT_RGB);
        assertEquals(192, pre.apply(wide, batch, 0));
        for (float v : batch) assertEquals(-1f, v);
    }

    @Test
    void badArgumentsAreRefused() {
        ClsPreprocess pre = new ClsPreprocess();
        assertThrows(IllegalArgumentException.class, () -> pre.apply(new int[4], 2, 2, new float[SIZE], 1));
        assertThrows(IllegalArgumentException.class, () -> pre.apply(new int[3], 2, 2, new float[SIZE], 0));
        assertThrows(IllegalArgumentException.class, () -> pre.apply(new int[4], 2, 2, new float[SIZE], -1));
        assertThrows(NullPointerException.class, () -> pre.apply((BufferedImage) null, new float[SIZE], 0));
    }
}
