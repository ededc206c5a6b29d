package io.frugal.plan;

/**
 * The arithmetic a node runs in. Each precision adds its entries to the dispatch table
 * ({@code io.frugal.runtime.lowering.LoweringTable}); an operator a precision has no kernel for
 * runs in its {@link #fallback()} instead (an INT8 plan keeps Sigmoid or Concat in FP32).
 */
public enum Precision {
    /** IEEE single precision, the reference every other precision is measured against. */
    FP32,
    /** bfloat16 storage and arithmetic with fp32 accumulation. */
    BF16,
    /** 8-bit integer activations and weights (post-training quantized), 32-bit accumulation. */
    INT8,
    /** tap-wise quantized Winograd F(4x4,3x3) in 8-bit integers. */
    INT8_WINOGRAD,
    /** one-bit activations and weights, XNOR and popcount. */
    BINARY,
    /** one-bit weights, full-precision activations. */
    BINARY_WEIGHTS,
    /** 8-bit operands multiplied through an approximate multiplier's lookup table. */
    APPROX8;

    /**
     * What a node runs in when this precision has no kernel for its operator: the next cheaper
     * exact arithmetic, ending at FP32 (null for FP32 itself).
     */
    public Precision fallback() {
        return switch (this) {
            case FP32 -> null;
            case INT8_WINOGRAD -> INT8;
            default -> FP32;
        };
    }

    /** The precision named case-insensitively, e.g. {@code "fp32"}; the message lists the known ones. */
    public static Precision parse(String name) {
        for (Precision p : values()) {
            if (p.name().equalsIgnoreCase(name)) return p;
        }
        throw new IllegalArgumentException("unknown precision '" + name + "'; known: "
                + java.util.Arrays.toString(values()).toLowerCase(java.util.Locale.ROOT));
    }
}
