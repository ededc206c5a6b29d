package io.frugal.quant;

/**
 * Magnitudes |x| of one tensor over a calibration set, in equal bins over [0, range]. The range is
 * fixed by a first pass (the largest magnitude seen), so every image lands in the same bins.
 * Also keeps the signed extremes, which decide u8 (nothing negative, as after ReLU) vs s8.
 */
public final class Histogram {
    public static final int BINS = 2048;

    private final double range;
    private final long[] counts = new long[BINS];
    private long total;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    /** @param range the largest magnitude the data can have (from a first pass); 0 for all-zero data */
    public Histogram(double range) {
        if (!(range >= 0) || Double.isInfinite(range)) throw new IllegalArgumentException("histogram range must be finite and >= 0, got " + range);
        this.range = range;
    }

    /** Adds values; a NaN or infinity is refused (the message says where), since no scale can represent it. */
    public void add(float[] values, int offset, int length, String what) {
        double scale = range > 0 ? BINS / range : 0;
        for (int i = offset; i < offset + length; i++) {
            float v = values[i];
            if (!Float.isFinite(v)) throw new IllegalArgumentException(what + " holds " + v + " at element " + (i - offset));
            double a = Math.abs(v);
            if (a > range) throw new IllegalStateException(what + ": |" + v + "| exceeds the first pass's range " + range);
            counts[Math.min(BINS - 1, (int) (a * scale))]++;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        total += length;
    }

    public long total() {
        return total;
    }

    public double range() {
        return range;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    long count(int bin) {
        return counts[bin];
    }

    /** The magnitude below which a fraction p (0 < p <= 1) of the values lie, at bin resolution (upper bin edge). */
    public double percentile(double p) {
        if (!(p > 0 && p <= 1)) throw new IllegalArgumentException("percentile fraction must be in (0, 1], got " + p);
        if (total == 0) throw new IllegalStateException("empty histogram");
        long need = (long) Math.ceil(p * total);
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += counts[b];
            if (seen >= need) return (b + 1) * range / BINS;
        }
        return range;
    }

    /**
     * The clipping threshold T minimizing the expected squared error of symmetric quantization to
     * levels steps (127 for s8, 255 for u8 magnitudes): values below T pay the rounding error of a
     * step T/levels (step^2 / 12 each), values above pay (|x| - T)^2, with |x| at bin centers.
     * Candidates are the bin edges from 1/16 of the range up.
     */
    public double mseThreshold(int levels) {
        if (total == 0) throw new IllegalStateException("empty histogram");
        if (range == 0) return 0;
        double width = range / BINS;
        // Suffix sums of n, n*c and n*c^2 over the bins: the clipped error above T is
        // sum n*(c - T)^2 = S2 - 2*T*S1 + T^2*S0, in O(1) per candidate.
        double[] s0 = new double[BINS + 1], s1 = new double[BINS + 1], s2 = new double[BINS + 1];
        for (int b = BINS - 1; b >= 0; b--) {
            double c = (b + 0.5) * width;
            s0[b] = s0[b + 1] + counts[b];
            s1[b] = s1[b + 1] + counts[b] * c;
            s2[b] = s2[b + 1] + counts[b] * c * c;
        }
        double best = range;
        double bestError = Double.POSITIVE_INFINITY;
        for (int edge = BINS / 16; edge <= BINS; edge++) {
            double t = edge * width;
            double step = t / levels;
            // Bins below the edge have centers below t; the bins from edge on are clipped.
            double clipped = s2[edge] - 2 * t * s1[edge] + t * t * s0[edge];
            double inside = total - s0[edge];
            double err = clipped + inside * step * step / 12;
            if (err < bestError) {
                bestError = err;
                best = t;
            }
        }
        return best;
    }
}
