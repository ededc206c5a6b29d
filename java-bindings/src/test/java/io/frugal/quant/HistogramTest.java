package io.frugal.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HistogramTest {
    @Test
    void percentileOfUniformMagnitudes() {
        float[] v = new float[100_000];
        for (int i = 0; i < v.length; i++) v[i] = (i % 2 == 0 ? 1 : -1) * (i / (float) v.length) * 10;
        Histogram h = new Histogram(10);
        h.add(v, 0, v.length, "u");
        assertEquals(5.0, h.percentile(0.5), 10.0 / Histogram.BINS);
        assertEquals(9.9, h.percentile(0.99), 10.0 / Histogram.BINS);
        assertEquals(-10 * (v.length - 1) / (double) v.length, h.min(), 1e-3);
    }

    @Test
    void mseThresholdMinimizesTheActualQuantizationError() {
        SplittableRandom r = new SplittableRandom(1);
        float[] v = new float[200_000];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        v[0] = 40; // one outlier stretches the max far beyond the bulk
        Histogram h = new Histogram(40);
        h.add(v, 0, v.length, "g");
        double t = h.mseThreshold(127);
        assertTrue(t < 40, "an outlier alone does not set the threshold: " + t);
        // Measured by really quantizing the data, the chosen threshold is as good as any of a sweep
        // (within 5%: the histogram models rounding as uniform noise at bin resolution).
        double chosen = expectedError(v, t);
        for (double c : new double[] {2.5, 4, 6, 10, 15, 25, 30, 40}) {
            assertTrue(chosen <= 1.05 * expectedError(v, c), "threshold " + t + " (error " + chosen + ") loses to " + c + " ("
                    + expectedError(v, c) + ")");
        }
    }

    private static double expectedError(float[] v, double t) {
        double step = t / 127, err = 0;
        for (float x : v) {
            double q = Math.max(-127, Math.min(127, Math.rint(x / step))) * step;
            err += (x - q) * (x - q);
        }
        return err;
    }

    @Test
    void nonFiniteValuesAndOutOfRangeAreRefused() {
        Histogram h = new Histogram(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> h.add(new float[] {0.5f, Float.NaN}, 0, 2, "value 'c'"));
        assertTrue(e.getMessage().contains("value 'c'") && e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> h.add(new float[] {2}, 0, 1, "v"));
        assertThrows(IllegalStateException.class, () -> new Histogram(1).percentile(0.5));
        assertEquals(0, new Histogram(0).range());
    }
}
