package io.frugal.quant;

/**
 * The calibrated range of one value: what was seen (min, max, largest magnitude) and the clipping
 * threshold the method chose. Unsigned when nothing negative was seen (after ReLU): u8 then has
 * 255 steps over [0, threshold] where s8 would have 127.
 */
public record TensorRange(String value, double min, double max, double absMax, double threshold, boolean unsigned) {
    public TensorRange {
        if (value == null) throw new NullPointerException("value is null");
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException(value + ": threshold must be finite and >= 0, got " + threshold);
        }
    }

    /** The 8-bit scale: real value of one step. An all-zero tensor gets 1 (any scale represents it). */
    public double scale() {
        if (threshold == 0) return 1;
        return threshold / (unsigned ? 255 : 127);
    }
}
