package io.frugal.demo;

import io.frugal.graph.ConstantTensor;
import io.frugal.models.OcrModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Model inputs made of rendered text, for calibrating and evaluating the OCR models without a
 * dataset: text lines (half of them turned 180°) for cls, pages of lines for det. Each sample is
 * one model run at the given input shape; the same seed gives the same samples, and different
 * seeds give different texts, fonts and noise (so calibration and evaluation sets are disjoint).
 */
public final class RenderedSamples {
    private RenderedSamples() {}

    /**
     * samples runs of model's input at shape [N, 3, H, W].
     *
     * @throws IllegalArgumentException for a model there is no renderer for (rec)
     */
    public static List<Map<String, float[]>> of(OcrModel model, String input, long[] shape, int samples, long seed) {
        if (samples < 1) throw new IllegalArgumentException("samples must be at least 1, got " + samples);
        if (shape.length != 4 || shape[1] != 3) throw new IllegalArgumentException("expected an [N, 3, H, W] input shape");
        List<Map<String, float[]>> out = new ArrayList<>(samples);
        switch (model) {
            case CLS -> {
                if (shape[2] != ClsPreprocess.HEIGHT || shape[3] != ClsPreprocess.WIDTH) {
                    throw new IllegalArgumentException("cls takes [N, 3, 48, 192]");
                }
                int batch = (int) shape[0];
                TextLineRenderer renderer = new TextLineRenderer(seed);
                ClsPreprocess pre = new ClsPreprocess();
                int image = 0;
                for (int s = 0; s < samples; s++) {
                    float[] x = new float[(int) ConstantTensor.numElements(shape)];
                    for (int k = 0; k < batch; k++, image++) {
                        TextLineRenderer.TextLine line = renderer.line(image / 2);
                        pre.apply(image % 2 == 0 ? line.upright() : line.turned(), x, k);
                    }
                    out.add(Map.of(input, x));
                }
            }
            case DET -> {
                for (int s = 0; s < samples; s++) out.add(Map.of(input, TextPageRenderer.page(shape, seed * 1_000_003L + s)));
            }
            default -> throw new IllegalArgumentException("no renderer for " + model + "; give calibration inputs as .npy files");
        }
        return out;
    }
}
