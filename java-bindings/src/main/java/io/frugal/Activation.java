package io.frugal;

/**
 * An activation fused into the operator that precedes it (C: {@code frugal_activation}).
 * Definitions follow ONNX.
 */
public record Activation(Kind kind, float alpha, float beta) {
    /** The kinds; ids in sync with {@code FRUGAL_ACT_*}. */
    public enum Kind {
        NONE, RELU, CLIP, SIGMOID, HARD_SIGMOID, HARD_SWISH, TANH, SQRT, POW, EXP, ABS, NEG
    }

    public Activation {
        if (kind == null) throw new NullPointerException("activation kind is null");
        if (Float.isNaN(alpha) || Float.isNaN(beta)) throw new IllegalArgumentException("activation alpha/beta is NaN");
        if (kind == Kind.CLIP && alpha > beta) {
            throw new IllegalArgumentException("clip min " + alpha + " is above max " + beta);
        }
        if (kind == Kind.POW && Float.isInfinite(alpha)) {
            throw new IllegalArgumentException("pow exponent must be finite, got " + alpha);
        }
    }

    public static Activation none() { return new Activation(Kind.NONE, 0, 0); }
    public static Activation relu() { return new Activation(Kind.RELU, 0, 0); }
    /** {@code x >= 0 ? x : slope * x} (ONNX LeakyRelu). */
    public static Activation leakyRelu(float slope) { return new Activation(Kind.RELU, slope, 0); }
    /** {@code min(max(x, min), max)} (ONNX Clip). */
    public static Activation clip(float min, float max) { return new Activation(Kind.CLIP, min, max); }
    public static Activation sigmoid() { return new Activation(Kind.SIGMOID, 0, 0); }
    /** {@code max(0, min(1, alpha * x + beta))} (ONNX HardSigmoid; its defaults are 0.2, 0.5). */
    public static Activation hardSigmoid(float alpha, float beta) { return new Activation(Kind.HARD_SIGMOID, alpha, beta); }
    /** {@code x * max(0, min(1, x / 6 + 1 / 2))} (ONNX HardSwish). */
    public static Activation hardSwish() { return new Activation(Kind.HARD_SWISH, 1f / 6f, 0.5f); }
    public static Activation tanh() { return new Activation(Kind.TANH, 0, 0); }
    /** {@code sqrt(x)} (ONNX Sqrt; NaN below 0). */
    public static Activation sqrt() { return new Activation(Kind.SQRT, 0, 0); }
    /**
     * {@code x^exponent} (ONNX Pow with a constant scalar exponent, held in alpha; NaN for
     * negative x and a non-integer exponent).
     */
    public static Activation pow(float exponent) { return new Activation(Kind.POW, exponent, 0); }
    /** {@code exp(x)} (ONNX Exp). */
    public static Activation exp() { return new Activation(Kind.EXP, 0, 0); }
    /** {@code |x|} (ONNX Abs). */
    public static Activation abs() { return new Activation(Kind.ABS, 0, 0); }
    /** {@code -x} (ONNX Neg). */
    public static Activation neg() { return new Activation(Kind.NEG, 0, 0); }
}
