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
}
