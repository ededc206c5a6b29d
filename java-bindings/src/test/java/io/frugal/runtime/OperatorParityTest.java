package io.frugal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.onnx.OnnxImporter;
import io.frugal.plan.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator the FP32 compiler serves, as a hand-made one- or few-node ONNX model, against
 * ONNX Runtime on the same seeded inputs: odd channel counts, 1x1 and 7x7 images, strides,
 * padding, groups, batch > 1, broadcasting and opset variants.
 */
class OperatorParityTest {
    static final double LIMIT = 1e-5;

    private static long[] s(long... v) {
        return v;
    }

    private static List<String> l(String... v) {
        return List.of(v);
    }

    /** n weights of +-1 (an exported binarized layer's), seeded. */
    private static float[] pm1(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextBoolean() ? 1f : -1f;
        return v;
    }

    private static Arguments c(String name, TinyModel m) {
        return Arguments.of(name, m);
    }

    private static TinyModel unary(int opset, String op, long[] shape, Object... attrs) {
        return new TinyModel(opset).input("x", shape).node(op, l("x"), l("y"), attrs).output("y");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // ---------------------------------------------------------------- convolution
                c("Conv 3x3 pad 1, 17->8 ch, 7x7, batch 2", new TinyModel(13).input("x", 2, 17, 7, 7).weight("w", 8, 17, 3, 3)
                        .weight("b", 8).node("Conv", l("x", "w", "b"), l("y"), "pads", s(1, 1, 1, 1)).output("y")),
                c("Conv stride 2, asymmetric pads, no bias", new TinyModel(11).input("x", 1, 3, 9, 8).weight("w", 5, 3, 3, 3)
                        .node("Conv", l("x", "w"), l("y"), "strides", s(2, 2), "pads", s(0, 1, 1, 0)).output("y")),
                c("Conv depthwise 3x3, 13 ch", new TinyModel(11).input("x", 1, 13, 10, 6).weight("w", 13, 1, 3, 3)
                        .node("Conv", l("x", "w"), l("y"), "group", 13L, "pads", s(1, 1, 1, 1)).output("y")),
                c("Conv groups 2, dilation 2", new TinyModel(11).input("x", 3, 6, 11, 11).weight("w", 4, 3, 3, 3)
                        .node("Conv", l("x", "w"), l("y"), "group", 2L, "dilations", s(2, 2)).output("y")),
                c("Conv 1x1 on a 1x1 image", new TinyModel(11).input("x", 2, 130, 1, 1).weight("w", 7, 130, 1, 1).weight("b", 7)
                        .node("Conv", l("x", "w", "b"), l("y")).output("y")),
                c("Conv auto_pad SAME_UPPER stride 2, 7x7 kernel", new TinyModel(11).input("x", 1, 3, 15, 14).weight("w", 4, 3, 7, 7)
                        .node("Conv", l("x", "w"), l("y"), "auto_pad", "SAME_UPPER", "strides", s(2, 2)).output("y")),
                c("Conv + BatchNormalization + Relu (folded and fused)", new TinyModel(11).input("x", 2, 5, 6, 6)
                        .weight("w", 6, 5, 3, 3).weight("g", 0.5, 1.5, 6).weight("beta", 6).weight("mean", 6)
                        .weight("var", 0.1, 2, 6)
                        .node("Conv", l("x", "w"), l("c"), "pads", s(1, 1, 1, 1))
                        .node("BatchNormalization", l("c", "g", "beta", "mean", "var"), l("bn"), "epsilon", 1e-3f)
                        .node("Relu", l("bn"), l("y")).output("y")),
                // Runs on the XNOR kernels (Sign -> Conv recognized), the middle conv writing sign
                // bits straight to the last one; BatchNorm with negative scales folds into them.
                c("Binarized net: Conv, BN, Sign, Conv(+-1), BN, Sign, Conv(+-1) 1x1", new TinyModel(11)
                        .input("x", 2, 70, 7, 6).weight("w1", 65, 70, 3, 3).weight("g1", -1.5, 1.5, 65).weight("b1", 65)
                        .weight("m1", 65).weight("v1", 0.1, 2, 65).floats("w2", pm1(21, 40 * 65 * 9), 40, 65, 3, 3)
                        .weight("g2", -1.5, 1.5, 40).weight("b2", 40).weight("m2", 40).weight("v2", 0.1, 2, 40)
                        .floats("w3", pm1(22, 5 * 40), 5, 40, 1, 1).weight("bias3", 5)
                        .node("Conv", l("x", "w1"), l("c1"), "pads", s(1, 1, 1, 1))
                        .node("BatchNormalization", l("c1", "g1", "b1", "m1", "v1"), l("n1"), "epsilon", 1e-3f)
                        .node("Sign", l("n1"), l("s1"))
                        .node("Conv", l("s1", "w2"), l("c2"), "pads", s(1, 1, 1, 1))
                        .node("BatchNormalization", l("c2", "g2", "b2", "m2", "v2"), l("n2"), "epsilon", 1e-3f)
                        .node("Sign", l("n2"), l("s2"))
                        .node("Conv", l("s2", "w3", "bias3"), l("y")).output("y")),
                c("Conv + Clip(0, 6) from constant inputs", new TinyModel(11).input("x", 1, 4, 5, 5).weight("w", 4, 4, 3, 3)
                        .floats("lo", new float[] {0}).floats("hi", new float[] {6})
                        .node("Conv", l("x", "w"), l("c")).node("Clip", l("c", "lo", "hi"), l("y")).output("y")),
                c("ConvTranspose k2 s2 (det's upsampler) + BatchNormalization + Relu", new TinyModel(11).input("x", 2, 6, 5, 4)
                        .weight("w", 6, 6, 2, 2).weight("g", 0.5, 1.5, 6).weight("beta", 6).weight("mean", 6)
                        .weight("var", 0.1, 2, 6)
                        .node("ConvTranspose", l("x", "w"), l("c"), "strides", s(2, 2))
                        .node("BatchNormalization", l("c", "g", "beta", "mean", "var"), l("bn"))
                        .node("Relu", l("bn"), l("y")).output("y")),
                c("ConvTranspose k2 s2 to one channel + bias + Sigmoid (det's last layer, as a 1x1 conv and a shuffle)",
                        new TinyModel(11).input("x", 2, 24, 5, 7).weight("w", 24, 1, 2, 2).weight("b", 1)
                                .node("ConvTranspose", l("x", "w", "b"), l("c"), "strides", s(2, 2))
                                .node("Sigmoid", l("c"), l("y")).output("y")),
                c("ConvTranspose k3 s3 to 5 channels, output consumed by a conv", new TinyModel(11).input("x", 1, 4, 3, 2)
                        .weight("w", 4, 5, 3, 3).weight("w2", 2, 5, 1, 1)
                        .node("ConvTranspose", l("x", "w"), l("c"), "strides", s(3, 3), "kernel_shape", s(3, 3))
                        .node("Conv", l("c", "w2"), l("y")).output("y")),
                c("ConvTranspose k3 s2 pads 1 output_padding 1, groups 2, bias", new TinyModel(11).input("x", 1, 4, 6, 5)
                        .weight("w", 4, 3, 3, 3).weight("b", 6)
                        .node("ConvTranspose", l("x", "w", "b"), l("y"), "strides", s(2, 2), "pads", s(1, 1, 1, 1),
                                "output_padding", s(1, 1), "group", 2L).output("y")),
                c("PP-LCNet block: Conv, Mul, Add (learnable affine), HardSwish spelled out, Mul, Add", new TinyModel(11)
                        .input("x", 2, 5, 8, 8).weight("w", 7, 5, 3, 3).weight("b", 7).floats("s", new float[] {0.9f})
                        .weight("t", 7, 1, 1).floats("three", new float[] {3}).floats("six", new float[] {6})
                        .floats("zero", new float[] {0}).floats("s2", new float[] {0.4f}).floats("t2", new float[] {-0.1f})
                        .node("Conv", l("x", "w", "b"), l("c"), "pads", s(1, 1, 1, 1)).node("Mul", l("s", "c"), l("m"))
                        .node("Add", l("m", "t"), l("a")).node("Add", l("a", "three"), l("a3"))
                        .node("Clip", l("a3", "zero", "six"), l("cl")).node("Mul", l("a", "cl"), l("mm"))
                        .node("Div", l("mm", "six"), l("hs")).node("Mul", l("s2", "hs"), l("m2"))
                        .node("Add", l("m2", "t2"), l("y")).output("y")),
                c("Affine before a 1x1 conv and before a padded depthwise conv (folded forward where exact)", new TinyModel(11)
                        .input("x", 2, 6, 7, 7).floats("s", new float[] {0.7f}).weight("t", 6, 1, 1).weight("w1", 6, 6, 1, 1)
                        .weight("b1", 6).floats("s2", new float[] {1.3f}).floats("t2", new float[] {-0.2f}).weight("w2", 6, 1, 3, 3)
                        .node("Mul", l("x", "s"), l("m")).node("Add", l("m", "t"), l("a"))
                        .node("Conv", l("a", "w1", "b1"), l("c1")).node("Mul", l("c1", "s2"), l("m2"))
                        .node("Relu", l("m2"), l("r")).node("Mul", l("r", "s2"), l("m3")).node("Add", l("m3", "t2"), l("a3"))
                        .node("Conv", l("a3", "w2"), l("y"), "group", 6L, "pads", s(1, 1, 1, 1)).output("y")),
                c("Conv output used twice: no folding, both uses right", new TinyModel(11).input("x", 1, 3, 5, 5)
                        .weight("w", 4, 3, 1, 1).floats("k", new float[] {2}).node("Conv", l("x", "w"), l("c"))
                        .node("Mul", l("c", "k"), l("m")).node("Add", l("c", "m"), l("y")).output("y")),
                c("ConvTranspose groups 2 then Div by per-channel constant", new TinyModel(11).input("x", 1, 4, 3, 3)
                        .weight("w", 4, 3, 2, 2).weight("d", 0.5, 2, 1, 6, 1, 1)
                        .node("ConvTranspose", l("x", "w"), l("c"), "strides", s(2, 2), "group", 2L)
                        .node("Div", l("c", "d"), l("y")).output("y")),
                // ---------------------------------------------------------------- element-wise
                c("Add broadcast [2,3,4,5] + const [3,1,1]", new TinyModel(13).input("x", 2, 3, 4, 5).weight("b", 3, 1, 1)
                        .node("Add", l("x", "b"), l("y")).output("y")),
                c("Sub const scalar - x", new TinyModel(13).input("x", 3, 7).floats("k", new float[] {0.25f})
                        .node("Sub", l("k", "x"), l("y")).output("y")),
                c("Mul two run-time tensors", new TinyModel(13).input("a", 2, 3, 5).input("b", 2, 3, 5)
                        .node("Mul", l("a", "b"), l("y")).output("y")),
                c("Div by run-time broadcast [2,3,1,1]", new TinyModel(13).input("a", 2, 3, 4, 4).input("b", 2, 3, 1, 1)
                        .node("Add", l("b", "b"), l("b2")).node("Div", l("a", "b2"), l("y")).output("y")),
                c("Relu", unary(13, "Relu", s(2, 3, 5, 5))),
                c("LeakyRelu 0.1", unary(13, "LeakyRelu", s(4, 9), "alpha", 0.1f)),
                c("Sigmoid", unary(13, "Sigmoid", s(1, 3, 7, 7))),
                c("Tanh", unary(13, "Tanh", s(3, 11))),
                c("HardSigmoid 0.2 0.5", unary(11, "HardSigmoid", s(2, 5, 3), "alpha", 0.2f, "beta", 0.5f)),
                c("HardSwish", unary(14, "HardSwish", s(2, 5, 3, 3))),
                c("Clip opset 9 attributes", unary(9, "Clip", s(2, 8), "min", -0.5f, "max", 0.5f)),
                c("Clip opset 11 min only", new TinyModel(11).input("x", 2, 8).floats("lo", new float[] {-0.2f})
                        .node("Clip", l("x", "lo"), l("y")).output("y")),
                // ---------------------------------------------------------------- pooling
                c("MaxPool 3x3 stride 2 pad 1", unary(11, "MaxPool", s(2, 3, 9, 9), "kernel_shape", s(3, 3), "strides", s(2, 2),
                        "pads", s(1, 1, 1, 1))),
                c("MaxPool ceil_mode", unary(11, "MaxPool", s(1, 2, 8, 7), "kernel_shape", s(2, 2), "strides", s(2, 2),
                        "ceil_mode", 1L)),
                c("AveragePool 3x2 stride 3x2 (rec)", unary(11, "AveragePool", s(1, 6, 3, 8), "kernel_shape", s(3, 2),
                        "strides", s(3, 2))),
                c("AveragePool pads, count_include_pad 0", unary(11, "AveragePool", s(2, 3, 7, 7), "kernel_shape", s(3, 3),
                        "pads", s(1, 1, 1, 1))),
                c("AveragePool pads, count_include_pad 1", unary(11, "AveragePool", s(2, 3, 7, 7), "kernel_shape", s(3, 3),
                        "pads", s(1, 1, 1, 1), "count_include_pad", 1L)),
                c("GlobalAveragePool", unary(11, "GlobalAveragePool", s(3, 17, 5, 6))),
                c("GlobalMaxPool", unary(11, "GlobalMaxPool", s(2, 5, 1, 1))),
                // ---------------------------------------------------------------- normalization
                c("Softmax opset 11 axis 1 (2-D coercion)", unary(11, "Softmax", s(2, 3, 4), "axis", 1L)),
                c("Softmax opset 13 axis -1", unary(13, "Softmax", s(2, 3, 4))),
                c("Softmax opset 13 axis 3 on 4-D", unary(13, "Softmax", s(1, 8, 5, 5), "axis", 3L)),
                // ---------------------------------------------------------------- views and joins
                c("Reshape with 0 and -1, then Relu", new TinyModel(13).input("x", 2, 3, 4, 5).longs("shape", 0, -1, 5)
                        .node("Reshape", l("x", "shape"), l("r")).node("Relu", l("r"), l("y")).output("y")),
                c("Flatten axis 2", unary(13, "Flatten", s(2, 3, 4, 5), "axis", 2L)),
                c("Squeeze opset 11 axes attribute", unary(11, "Squeeze", s(1, 3, 1, 5), "axes", s(0, 2))),
                c("Squeeze opset 13 axes input", new TinyModel(13).input("x", 2, 1, 5).longs("axes", 1)
                        .node("Squeeze", l("x", "axes"), l("y")).output("y")),
                c("Unsqueeze opset 11", unary(11, "Unsqueeze", s(3, 5), "axes", s(0, 2))),
                c("Concat axis 1, three inputs, one constant", new TinyModel(11).input("a", 2, 3, 4).input("b", 2, 1, 4)
                        .weight("k", 2, 2, 4).node("Concat", l("a", "b", "k"), l("y"), "axis", 1L).output("y")),
                c("Transpose [0,2,1]", unary(13, "Transpose", s(2, 40, 12), "perm", s(0, 2, 1))),
                c("Transpose [2,0,3,1,4] rank 5 (rec's qkv)", unary(13, "Transpose", s(1, 10, 3, 4, 5), "perm", s(2, 0, 3, 1, 4))),
                c("Transpose default (reverse)", unary(13, "Transpose", s(2, 3, 4))),
                c("Slice opset 9 attributes, contiguous (a view)", unary(9, "Slice", s(3, 1, 8, 5), "axes", s(0), "starts", s(1),
                        "ends", s(2))),
                c("Slice opset 11 with steps and negative indices", new TinyModel(11).input("x", 2, 9, 10).longs("st", 1, -8)
                        .longs("en", 100, -1).longs("ax", 1, 2).longs("sp", 2, 3)
                        .node("Slice", l("x", "st", "en", "ax", "sp"), l("y")).output("y")),
                c("Resize nearest asymmetric floor x2 (det)", new TinyModel(11).input("x", 1, 5, 6, 7).floats("roi", new float[0], 0)
                        .floats("sc", new float[] {1, 1, 2, 2}, 4).node("Resize", l("x", "roi", "sc"), l("y"), "mode", "nearest",
                                "coordinate_transformation_mode", "asymmetric", "nearest_mode", "floor").output("y")),
                c("Resize linear half_pixel, sizes, opset 13", new TinyModel(13).input("x", 2, 3, 5, 7).longs("sz", 2, 3, 9, 4)
                        .node("Resize", l("x", "", "", "sz"), l("y"), "mode", "linear").output("y")),
                c("Resize nearest opset 10 x4", new TinyModel(10).input("x", 1, 2, 3, 5).floats("sc", new float[] {1, 1, 4, 4}, 4)
                        .node("Resize", l("x", "sc"), l("y"), "mode", "nearest").output("y")),
                c("Gemm transB, alpha, beta, C [N]", new TinyModel(11).input("a", 3, 7).weight("w", 5, 7).weight("c", 5)
                        .node("Gemm", l("a", "w", "c"), l("y"), "transB", 1L, "alpha", 0.5f, "beta", 2f).output("y")),
                c("Gemm C [M, N]", new TinyModel(11).input("a", 3, 7).weight("w", 7, 5).weight("c", 3, 5)
                        .node("Gemm", l("a", "w", "c"), l("y")).output("y")),
                c("MatMul [2,9,12] x const [12,10]", new TinyModel(13).input("a", 2, 9, 12).weight("w", 12, 10)
                        .node("MatMul", l("a", "w"), l("y")).output("y")),
                c("MatMul + Relu fused", new TinyModel(13).input("a", 4, 6).weight("w", 6, 3)
                        .node("MatMul", l("a", "w"), l("m")).node("Relu", l("m"), l("y")).output("y")),
                c("MatMul run-time x run-time [1,8,40,15] x [1,8,15,40] (attention)", new TinyModel(13).input("q", 1, 8, 40, 15)
                        .input("k", 1, 8, 15, 40).node("MatMul", l("q", "k"), l("y")).output("y")),
                c("MatMul run-time, batch broadcast [2,1,5,3] x [4,3,6]", new TinyModel(13).input("a", 2, 1, 5, 3)
                        .input("b", 4, 3, 6).node("MatMul", l("a", "b"), l("y")).output("y")),
                // ---------------------------------------------------------------- reductions and math
                c("ReduceMean axes -1 keepdims 1", unary(13, "ReduceMean", s(2, 40, 120), "axes", s(-1))),
                c("ReduceMean axes 1,2 keepdims 0", unary(13, "ReduceMean", s(2, 3, 5, 4), "axes", s(1, 2), "keepdims", 0L)),
                c("ReduceSum opset 13 axes input", new TinyModel(13).input("x", 3, 4, 5).longs("axes", 0, 2)
                        .node("ReduceSum", l("x", "axes"), l("y")).output("y")),
                c("ReduceMax over every axis", unary(11, "ReduceMax", s(3, 4, 5))),
                c("ReduceL2 axis 1", unary(11, "ReduceL2", s(3, 7, 2), "axes", s(1))),
                c("Pow 2 (constant exponent)", new TinyModel(13).input("x", 2, 40, 12).floats("e", new float[] {2})
                        .node("Pow", l("x", "e"), l("y")).output("y")),
                c("Abs then Sqrt, Exp, Neg", new TinyModel(13).input("x", 3, 9).node("Abs", l("x"), l("a"))
                        .node("Sqrt", l("a"), l("r")).node("Exp", l("r"), l("e")).node("Neg", l("e"), l("y")).output("y")),
                c("LayerNorm as rec spells it (ReduceMean, Sub, Pow, Add, Sqrt, Div, Mul, Add)", new TinyModel(11)
                        .input("x", 1, 40, 120).floats("two", new float[] {2}).floats("eps", new float[] {1e-5f})
                        .weight("g", 120).weight("b", 120)
                        .node("ReduceMean", l("x"), l("mu"), "axes", s(-1)).node("Sub", l("x", "mu"), l("d"))
                        .node("Pow", l("d", "two"), l("d2")).node("ReduceMean", l("d2"), l("var"), "axes", s(-1))
                        .node("Add", l("var", "eps"), l("ve")).node("Sqrt", l("ve"), l("sd")).node("Div", l("d", "sd"), l("n"))
                        .node("Mul", l("n", "g"), l("ng")).node("Add", l("ng", "b"), l("y")).output("y"))
        );
    }

    static Map<String, float[]> inputs(Map<String, long[]> shapes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            float[] v = new float[(int) io.frugal.graph.ConstantTensor.numElements(e.getValue())];
            for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextDouble() * 4 - 2);
            out.put(e.getKey(), v);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOnnxRuntime(String name, TinyModel model) throws Exception {
        byte[] bytes = model.bytes();
        Map<String, float[]> x = inputs(model.inputShapes(), name.hashCode());
        Map<String, float[]> expected;
        try (io.frugal.onnx.OrtRun ort = new io.frugal.onnx.OrtRun(bytes)) {
            expected = ort.run(x, model.inputShapes());
        }
        try (CompiledModel m = CompiledModel.compile(OnnxImporter.load(bytes, name).graph(), model.inputShapes(), Plan.fp32());
             Session s = m.newSession()) {
            Map<String, float[]> got = s.runArrays(x);
            if (name.startsWith("Binarized")) {
                assertEquals(2, m.steps().stream().filter(st -> st.precision() == io.frugal.plan.Precision.BINARY
                        && st.opType().equals("Conv")).count(), "both Sign -> Conv run binary: " + m.steps());
                assertEquals(1, m.steps().stream().filter(st -> st.opType().equals("BitPack")).count(),
                        "the middle conv writes sign bits for the last: " + m.steps());
            }
            assertEquals(expected.keySet(), got.keySet());
            for (String out : expected.keySet()) {
                double err = io.frugal.onnx.OrtRun.relativeL2(got.get(out), expected.get(out));
                assertTrue(err <= LIMIT, name + ": " + out + " rel L2 " + err + " (steps " + m.steps() + ")");
            }
        }
    }
}
