package io.frugal;

import java.util.Objects;

/** Checks shared by the int8 operators' parameters ({@link QConv2dParams}, {@link QMatMulParams}). */
final class QuantTypes {
    private QuantTypes() {}

    /** Largest reduction (terms per output) whose s32 accumulation cannot overflow: (2^31 - 1) / (255 * 127). */
    static final long MAX_REDUCTION = 66311;

    static void check(String op, DType srcType, float srcScale, DType dstType, float dstScale) {
        Objects.requireNonNull(srcType, op + ": srcType is null");
        Objects.requireNonNull(dstType, op + ": dstType is null");
        if (srcType != DType.U8 && srcType != DType.S8) {
            throw new IllegalArgumentException(op + ": srcType must be U8 or S8, got " + srcType);
        }
        if (dstType != DType.F32 && dstType != DType.U8 && dstType != DType.S8) {
            throw new IllegalArgumentException(op + ": dstType must be F32, U8 or S8, got " + dstType);
        }
        if (!(Float.isFinite(srcScale) && srcScale > 0)) {
            throw new IllegalArgumentException(op + ": srcScale must be finite and positive, got " + srcScale);
        }
        if (dstType != DType.F32 && !(Float.isFinite(dstScale) && dstScale > 0)) {
            throw new IllegalArgumentException(op + ": dstScale must be finite and positive for a " + dstType
                    + " dst, got " + dstScale);
        }
    }
}
