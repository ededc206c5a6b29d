package io.frugal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.graph.Graph;
import io.frugal.onnx.OnnxImporter;
import io.frugal.plan.Plan;
import io.frugal.plan.Precision;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Binary convolutions through the executor: an exported Sign -> Conv runs as an XNOR convolution
 * in any plan, and the BINARY plan binarizes a full-precision Conv; both against the FP32
 * convolution of the same +-1 data and +-alpha weights.
 */
class BinaryExecutionTest {
    private static final int C = 70, OC = 5, H = 6, W = 7;

    private static float[] data(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }

    private static float[] sign(float[] v) {
        float[] s = new float[v.length];
        for (int i = 0; i < v.length; i++) s[i] = v[i] < 0 ? -1f : 1f;
        return s;
    }

    /** alpha * sign(W) per output channel, alpha = mean |W| (XNOR-Net). */
    private static float[] binarized(float[] w, int oc) {
        int per = w.length / oc;
        float[] out = new float[w.length];
        for (int o = 0; o < oc; o++) {
            double a = 0;
            for (int k = 0; k < per; k++) a += Math.abs(w[o * per + k]);
            float alpha = (float) (a / per);
            for (int k = 0; k < per; k++) out[o * per + k] = w[o * per + k] < 0 ? -alpha : alpha;
        }
        return out;
    }

    private static Graph conv(float[] w, boolean withSign) {
        TinyModel m = new TinyModel(13).input("x", 1, C, H, W).floats("w", w, OC, C, 3, 3).floats("b", new float[] {0.5f, -1, 0, 2, 0.25f}, OC);
        if (withSign) {
            m.node("Sign", List.of("x"), List.of("s")).node("Conv", List.of("s", "w", "b"), List.of("y"), "pads", new long[] {1, 1, 1, 1},
                    "strides", new long[] {2, 1});
        } else {
            m.node("Conv", List.of("x", "w", "b"), List.of("y"), "pads", new long[] {1, 1, 1, 1}, "strides", new long[] {2, 1});
        }
        return OnnxImporter.load(m.output("y").bytes(), "b.onnx").graph();
    }

    private static float[] run(Graph g, Plan p, float[] x) {
        try (CompiledModel m = CompiledModel.compile(g, Map.of("x", new long[] {1, C, H, W}), p); Session s = m.newSession()) {
            return s.runArrays(Map.of("x", x)).get("y");
        }
    }

    private static void assertClose(float[] want, float[] got) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-5 * Math.max(1, Math.abs(want[i])), "y[" + i + "]");
    }

    @Test
    void exportedSignConvRunsAsXnorInAnyPlan() {
        float[] w = sign(data(1, OC * C * 9)); // an exported binarized layer: +-1 weights
        float[] x = data(2, C * H * W);
        Graph signConv = conv(w, true);
        try (CompiledModel m = CompiledModel.compile(signConv, Map.of("x", new long[] {1, C, H, W}), Plan.fp32())) {
            assertTrue(m.steps().stream().anyMatch(st -> st.kernel().contains("xnor") || st.kernel().equals("ref:direct")),
                    m.steps().toString());
            assertTrue(m.steps().stream().anyMatch(st -> st.kernel().contains("bitpack")), m.steps().toString());
            assertEquals(0, m.graph().opCounts().getOrDefault("Sign", 0), "the Sign is folded into the conv");
        }
        float[] want = run(conv(w, false), Plan.fp32(), sign(x));
        assertClose(want, run(signConv, Plan.fp32(), x));
    }

    @Test
    void binaryPlanBinarizesInputsAndWeights() {
        float[] w = data(3, OC * C * 9);
        float[] x = data(4, C * H * W);
        Graph g = conv(w, false);
        float[] want = run(conv(binarized(w, OC), false), Plan.fp32(), sign(x));
        assertClose(want, run(g, Plan.of(Precision.BINARY), x));
        try (CompiledModel fp32 = CompiledModel.compile(g, Map.of("x", new long[] {1, C, H, W}), Plan.fp32());
             CompiledModel bin = CompiledModel.compile(g, Map.of("x", new long[] {1, C, H, W}), Plan.of(Precision.BINARY))) {
            long convFp32 = 4L * OC * C * 9, convBinary = OC * 9 * 8 * ((C + 63) / 64) + 4L * OC;
            assertEquals(fp32.weightBytes() - convFp32 + convBinary, bin.weightBytes(), "1-bit packed weights plus alpha");
        }
    }

    @Test
    void binaryWeightsPlanKeepsActivationsAndBinarizesWeights() {
        float[] w = data(6, OC * C * 9);
        float[] x = data(7, C * H * W);
        float[] want = run(conv(binarized(w, OC), false), Plan.fp32(), x);
        Graph g = conv(w, false);
        assertClose(want, run(g, Plan.of(Precision.BINARY_WEIGHTS), x));
        try (CompiledModel fp32 = CompiledModel.compile(g, Map.of("x", new long[] {1, C, H, W}), Plan.fp32());
             CompiledModel bwn = CompiledModel.compile(g, Map.of("x", new long[] {1, C, H, W}), Plan.of(Precision.BINARY_WEIGHTS))) {
            assertTrue(bwn.steps().stream().anyMatch(st -> st.opType().equals("Conv")
                    && (st.kernel().endsWith(":bwn") || st.kernel().equals("ref:direct"))), bwn.steps().toString());
            long convFp32 = 4L * OC * C * 9, convBits = (OC * C * 9 + 7) / 8 + 4L * OC;
            assertEquals(fp32.weightBytes() - convFp32 + convBits, bwn.weightBytes(), "1 bit per weight plus alpha");
        }
    }

    /** Groups of 35 channels (not whole 64-bit words) run binary; against FP32 on the +-1 data. */
    @Test
    void groupedConvsWithUnalignedGroupsRunBinary() {
        float[] w = data(14, OC * 2 * (C / 2) * 9);
        int oc = 2 * OC;
        float[] x = data(15, C * H * W);
        java.util.function.Function<float[], Graph> g = weights -> {
            TinyModel m = new TinyModel(13).input("x", 1, C, H, W).floats("w", weights, oc, C / 2, 3, 3);
            m.node("Conv", List.of("x", "w"), List.of("y"), "group", 2L, "pads", new long[] {1, 0, 1, 2});
            return OnnxImporter.load(m.output("y").bytes(), "g.onnx").graph();
        };
        try (CompiledModel bin = CompiledModel.compile(g.apply(w), Map.of("x", new long[] {1, C, H, W}), Plan.of(Precision.BINARY))) {
            assertTrue(bin.steps().stream().anyMatch(st -> st.precision() == Precision.BINARY && st.opType().equals("Conv")),
                    bin.steps().toString());
        }
        assertClose(run(g.apply(binarized(w, oc)), Plan.fp32(), sign(x)), run(g.apply(w), Plan.of(Precision.BINARY), x));
    }

    @Test
    void depthwiseConvsInABinaryPlanFallBackToFp32() {
        float[] w = data(5, C * 9);
        TinyModel m = new TinyModel(13).input("x", 1, C, H, W).floats("w", w, C, 1, 3, 3);
        m.node("Conv", List.of("x", "w"), List.of("y"), "group", (long) C, "pads", new long[] {1, 1, 1, 1});
        Graph g = OnnxImporter.load(m.output("y").bytes(), "dw.onnx").graph();
        try (CompiledModel bin = CompiledModel.compile(g, Map.of("x", new long[] {1, C, H, W}), Plan.of(Precision.BINARY))) {
            assertTrue(bin.steps().stream().allMatch(st -> st.precision() == Precision.FP32), bin.steps().toString());
        }
    }

    /**
     * conv -> Sign -> conv [-> act] -> Sign -> conv, as an exported binarized network: the middle
     * conv writes its output only as sign bits through thresholds (no f32 value, no bit-pack step),
     * and the result equals the unchained path (the same graph with that value also an output,
     * so it must be written in f32 and packed after) bit for bit.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "Relu", "LeakyRelu", "HardSigmoid"})
    void binaryLayersChainThroughSignBits(String activation) {
        int mid = 65;
        float[] x = data(8, C * H * W);
        for (boolean alsoOutput : new boolean[] {false, true}) {
            TinyModel m = new TinyModel(13).input("x", 1, C, H, W).floats("w1", data(9, mid * C * 9), mid, C, 3, 3)
                    .floats("w2", sign(data(10, mid * mid * 9)), mid, mid, 3, 3).floats("b2", data(11, mid), mid)
                    .floats("w3", sign(data(12, OC * mid)), OC, mid, 1, 1);
            m.node("Conv", List.of("x", "w1"), List.of("y1"), "pads", new long[] {1, 1, 1, 1});
            m.node("Sign", List.of("y1"), List.of("s1"));
            m.node("Conv", List.of("s1", "w2", "b2"), List.of(activation.isEmpty() ? "y2" : "z2"), "pads", new long[] {1, 1, 1, 1});
            if (activation.equals("LeakyRelu")) m.node("LeakyRelu", List.of("z2"), List.of("y2"), "alpha", 0.1f);
            else if (!activation.isEmpty()) m.node(activation, List.of("z2"), List.of("y2"));
            m.node("Sign", List.of("y2"), List.of("s2"));
            m.node("Conv", List.of("s2", "w3"), List.of("y"));
            if (alsoOutput) m.output("y2");
            Graph g = OnnxImporter.load(m.output("y").bytes(), "chain.onnx").graph();
            try (CompiledModel cm = CompiledModel.compile(g, Map.of("x", new long[] {1, C, H, W}), Plan.fp32()); Session s = cm.newSession()) {
                long packs = cm.steps().stream().filter(st -> st.opType().equals("BitPack")).count();
                boolean chained = !alsoOutput && !activation.equals("HardSigmoid");
                assertEquals(chained ? 1 : 2, packs, "a chained conv writes bits, so only y1 is packed: " + cm.steps());
                float[] y = s.runArrays(Map.of("x", x)).get("y");
                if (alsoOutput) org.junit.jupiter.api.Assertions.assertArrayEquals(chainedResult, y, "chained vs unchained");
                else chainedResult = y;
            }
        }
    }

    private float[] chainedResult;
}
