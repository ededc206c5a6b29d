package io.frugal.runtime;

import java.util.List;

/** Small ready-made models for tests outside this package. */
public final class TinyModels {
    private TinyModels() {}

    /** x [1,3,6,6] -> Conv 3x3 (4 ch, pad 1) -> Relu -> r -> Conv 1x1 (2 ch) -> y; weights from seed. */
    public static byte[] convReluConv(long seed) {
        return new TinyModel(13, seed).input("x", 1, 3, 6, 6).weight("w1", 4, 3, 3, 3).weight("b1", 4).weight("w2", 2, 4, 1, 1)
                .node("Conv", List.of("x", "w1", "b1"), List.of("c"), "pads", new long[] {1, 1, 1, 1})
                .node("Relu", List.of("c"), List.of("r")).node("Conv", List.of("r", "w2"), List.of("y")).output("y").bytes();
    }
}
