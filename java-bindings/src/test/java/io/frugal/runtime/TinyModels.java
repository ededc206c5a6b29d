package io.frugal.runtime;

import java.util.List;

/** Small ready-made models for tests outside this package. */
public final class TinyModels {
    private TinyModels() {}

    /** count runs of input "x" [1, 3, 6, 6] (convReluConv's), uniform in [-1, 1], from seed. */
    public static java.util.List<java.util.Map<String, float[]>> samples(int count, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        java.util.List<java.util.Map<String, float[]>> out = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] x = new float[3 * 36];
            for (int k = 0; k < x.length; k++) x[k] = (float) (r.nextDouble() * 2 - 1);
            out.add(java.util.Map.of("x", x));
        }
        return out;
    }

    /** x [1,3,6,6] -> Conv 3x3 (4 ch, pad 1) -> Relu -> r -> Conv 1x1 (2 ch) -> y; weights from seed. */
    public static byte[] convReluConv(long seed) {
        return new TinyModel(13, seed).input("x", 1, 3, 6, 6).weight("w1", 4, 3, 3, 3).weight("b1", 4).weight("w2", 2, 4, 1, 1)
                .node("Conv", List.of("x", "w1", "b1"), List.of("c"), "pads", new long[] {1, 1, 1, 1})
                .node("Relu", List.of("c"), List.of("r")).node("Conv", List.of("r", "w2"), List.of("y")).output("y").bytes();
    }

    /** The input shape of {@link #mobileNetLike}. */
    public static final long[] MOBILENET_LIKE_INPUT = {1, 3, 8, 8};

    /**
     * An opset-9 miniature of PaddleOCR's cls (MobileNetV3): x [1,3,8,8] -> Conv 3x3 + bias ->
     * BatchNormalization -> HardSwish spelled Add/Clip(attributes)/Mul/Div -> depthwise Conv 3x3 ->
     * Relu -> Conv 1x1 + bias -> HardSigmoid -> GlobalAveragePool -> Flatten -> MatMul -> Add ->
     * Softmax(axis 1) -> y [1,2]; weights from seed.
     */
    public static byte[] mobileNetLike(long seed) {
        return new TinyModel(9, seed).input("x", MOBILENET_LIKE_INPUT).weight("w1", 8, 3, 3, 3).weight("b1", 8)
                .weight("bn_s", 0.5, 1.5, 8).weight("bn_b", 8).weight("bn_m", -0.2, 0.2, 8).weight("bn_v", 0.5, 1.5, 8)
                .floats("three", new float[] {3f}).floats("six", new float[] {6f})
                .weight("w2", 8, 1, 3, 3).weight("w3", 4, 8, 1, 1).weight("b3", 4).weight("wm", 4, 2).weight("bm", 2)
                .node("Conv", List.of("x", "w1", "b1"), List.of("c1"), "pads", new long[] {1, 1, 1, 1})
                .node("BatchNormalization", List.of("c1", "bn_s", "bn_b", "bn_m", "bn_v"), List.of("bn"), "epsilon", 1e-5f)
                .node("Add", List.of("bn", "three"), List.of("a"))
                .node("Clip", List.of("a"), List.of("cl"), "min", 0f, "max", 6f)
                .node("Mul", List.of("bn", "cl"), List.of("mu"))
                .node("Div", List.of("mu", "six"), List.of("hs"))
                .node("Conv", List.of("hs", "w2"), List.of("dw"), "pads", new long[] {1, 1, 1, 1}, "group", 8L)
                .node("Relu", List.of("dw"), List.of("r"))
                .node("Conv", List.of("r", "w3", "b3"), List.of("c3"))
                .node("HardSigmoid", List.of("c3"), List.of("hsg"), "alpha", 0.2f, "beta", 0.5f)
                .node("GlobalAveragePool", List.of("hsg"), List.of("gap"))
                .node("Flatten", List.of("gap"), List.of("f"), "axis", 1L)
                .node("MatMul", List.of("f", "wm"), List.of("mm"))
                .node("Add", List.of("mm", "bm"), List.of("lg"))
                .node("Softmax", List.of("lg"), List.of("y"), "axis", 1L).output("y").bytes();
    }
}
