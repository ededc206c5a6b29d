package io.frugal.quant;

/**
 * How a calibrated activation range becomes the clipping threshold of its 8-bit scale
 * (DESIGN §4): the largest magnitude seen, a percentile of the magnitudes, or the threshold that
 * minimizes the expected squared error of quantizing the observed distribution.
 */
public enum RangeMethod {
    /** The largest |x| seen: no clipping, coarsest steps. */
    MAX,
    /** The given percentile of |x| (99.99 by default): clips rare outliers. */
    PERCENTILE,
    /** The threshold minimizing clipping error plus rounding error over the observed histogram. */
    MSE
}
