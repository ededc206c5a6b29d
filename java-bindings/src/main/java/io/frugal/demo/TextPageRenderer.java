package io.frugal.demo;

import java.util.SplittableRandom;

/** Rendered inputs for the text detector (det): pages of printed lines, as PaddleOCR feeds them. */
public final class TextPageRenderer {
    private TextPageRenderer() {}

    /**
     * What the detector is for: a light page of printed text lines (Java2D, headless), slightly
     * shaded and noisy, normalized as PaddleOCR normalizes det input (ImageNet mean and std). On
     * a page without text the detector's output is ~1e-12 everywhere and relative error means
     * nothing (ONNX Runtime's sigmoid bottoms out at 2^-23). shape is [N, 3, H, W]; the same seed
     * gives the same pages.
     */
    public static float[] page(long[] shape, long seed) {
        System.setProperty("java.awt.headless", "true");
        int batch = (int) shape[0], h = (int) shape[2], w = (int) shape[3];
        float[] x = new float[batch * 3 * h * w];
        SplittableRandom r = new SplittableRandom(seed);
        String[] words = {"Frugal", "runs", "convolutional", "networks", "with", "cheaper", "arithmetic", "2026", "OCR",
                "text", "detection", "invoice", "total", "12.50", "page", "model"};
        double[] mean = {0.485, 0.456, 0.406};
        double[] std = {0.229, 0.224, 0.225};
        for (int b = 0; b < batch; b++) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D gr = img.createGraphics();
            gr.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            gr.setColor(new java.awt.Color(235, 232, 225));
            gr.fillRect(0, 0, w, h);
            int size = Math.max(10, h / 18);
            for (int y = size + 4; y < h - 4; y += size * 2) {
                gr.setFont(new java.awt.Font(r.nextBoolean() ? java.awt.Font.SANS_SERIF : java.awt.Font.SERIF, java.awt.Font.PLAIN,
                        size + r.nextInt(size / 3 + 1)));
                int ink = 10 + r.nextInt(60);
                gr.setColor(new java.awt.Color(ink, ink, ink + 10));
                StringBuilder line = new StringBuilder();
                for (int k = 0; k < 6; k++) line.append(words[r.nextInt(words.length)]).append(' ');
                gr.drawString(line.toString(), 8 + r.nextInt(20), y);
            }
            gr.dispose();
            for (int c = 0; c < 3; c++) {
                for (int yy = 0; yy < h; yy++) {
                    for (int xx = 0; xx < w; xx++) {
                        int rgb = img.getRGB(xx, yy);
                        int channel = c == 0 ? (rgb >> 16) & 255 : c == 1 ? (rgb >> 8) & 255 : rgb & 255;
                        double v = Math.max(0, Math.min(255, channel + r.nextGaussian() * 2)) / 255.0;
                        x[((b * 3 + c) * h + yy) * w + xx] = (float) ((v - mean[c]) / std[c]);
                    }
                }
            }
        }
        return x;
    }

}
