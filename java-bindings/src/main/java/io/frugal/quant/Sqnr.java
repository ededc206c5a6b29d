package io.frugal.quant;

/**
 * Signal-to-quantization-noise ratio of a result against its full-precision reference,
 * accumulated over any number of arrays: 10 log10(sum ref^2 / sum (ref - test)^2), in dB.
 * Each 6 dB is about one bit; int8 layers typically land at 25-45 dB.
 */
public final class Sqnr {
    private double signal;
    private double noise;
    private long count;

    public void add(float[] reference, float[] test) {
        if (reference.length != test.length) {
            throw new IllegalArgumentException("reference has " + reference.length + " values, test " + test.length);
        }
        for (int i = 0; i < reference.length; i++) add(reference[i], test[i]);
    }

    public void add(double reference, double test) {
        double e = reference - test;
        signal += reference * reference;
        noise += e * e;
        count++;
    }

    /** The ratio in dB: +Infinity when the results are equal (or nothing was added). */
    public double db() {
        if (noise == 0) return Double.POSITIVE_INFINITY;
        return 10 * Math.log10(signal / noise);
    }

    public long count() {
        return count;
    }

    /** "38.2 dB", "exact" for no error. */
    public static String format(double db) {
        if (Double.isNaN(db)) return "n/a";
        if (db == Double.POSITIVE_INFINITY) return "exact";
        return String.format(java.util.Locale.ROOT, "%.1f dB", db);
    }
}
