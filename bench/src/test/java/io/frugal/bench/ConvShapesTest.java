package io.frugal.bench;

import io.frugal.problems.Conv2dProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.frugal.Activation;
import io.frugal.Conv2dParams;
import io.frugal.Layout;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

class ConvShapesTest {
    @Test
    void resnetFileHoldsTheFourThreeByThreeLayers() {
        List<Conv2dProblem> shapes = ConvShapes.load(ConvShapes.RESNET50_3X3);
        long[][] expected = {{64, 56}, {128, 28}, {256, 14}, {512, 7}};
        assertEquals(expected.length, shapes.size());
        for (int i = 0; i < expected.length; i++) {
            Conv2dParams p = shapes.get(i).params();
            long c = expected[i][0], hw = expected[i][1];
            assertEquals(List.of(1L, c, hw, hw, c, hw, hw, 3L, 3L, 1L, 1L, 1L, 1L, 1L, 1L, 1L),
                    List.of(p.batch(), p.inChannels(), p.inH(), p.inW(), p.outChannels(), p.outH(), p.outW(), p.kernelH(),
                            p.kernelW(), p.strideH(), p.strideW(), p.padTop(), p.padLeft(), p.padBottom(), p.padRight(),
                            p.groups()), shapes.get(i).line());
            assertEquals(2.0 * c * hw * hw * c * 9, shapes.get(i).flops());
        }
        assertEquals("res2a_branch2b", shapes.get(0).shortName());
        assertEquals("64@56x56 k3x3", shapes.get(0).label());
    }

    @Test
    void everyBenchmarkParamResolves() throws NoSuchFieldException {
        Param param = Conv2dBenchmark.class.getField("shape").getAnnotation(Param.class);
        for (String key : param.value()) {
            Conv2dProblem s = ConvShapes.resolve(ConvShapes.RESNET50_3X3, key);
            assertFalse(s.name().isEmpty(), key);
            assertEquals(Layout.NHWC, s.params(Layout.NHWC).layout());
        }
    }

    @Test
    void vggFileHoldsTheNineDistinctThreeByThreeLayers() {
        List<Conv2dProblem> shapes = ConvShapes.load(ConvShapes.VGG19_3X3);
        // ic, oc, ih=oh; conv3_2, conv4_2 stand for 3 layers each, conv5_1 for 4: 16 convolutions in all.
        long[][] expected = {{3, 64, 224}, {64, 64, 224}, {64, 128, 112}, {128, 128, 112}, {128, 256, 56}, {256, 256, 56},
                {256, 512, 28}, {512, 512, 28}, {512, 512, 14}};
        assertEquals(expected.length, shapes.size());
        for (int i = 0; i < expected.length; i++) {
            Conv2dParams p = shapes.get(i).params();
            long ic = expected[i][0], oc = expected[i][1], hw = expected[i][2];
            assertEquals(List.of(1L, ic, hw, hw, oc, hw, hw, 3L, 3L, 1L, 1L, 1L, 1L, 1L, 1L, 1L),
                    List.of(p.batch(), p.inChannels(), p.inH(), p.inW(), p.outChannels(), p.outH(), p.outW(), p.kernelH(),
                            p.kernelW(), p.strideH(), p.strideW(), p.padTop(), p.padLeft(), p.padBottom(), p.padRight(),
                            p.groups()), shapes.get(i).line());
        }
        assertEquals(List.of("conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv4_1", "conv4_2", "conv5_1"),
                ConvShapes.names(ConvShapes.VGG19_3X3));
        assertEquals("vgg_19:conv5_1*4", shapes.get(8).name());
    }

    @Test
    void shapesParamSelectsFiles() {
        assertEquals(ConvShapes.BUILTIN, ConvShapes.files("all"));
        assertEquals(List.of(ConvShapes.VGG19_3X3), ConvShapes.files("vgg19_3x3"));
        assertEquals(List.of(ConvShapes.RESNET50_3X3), ConvShapes.files("resnet50_3x3"));
        assertEquals(512, ConvShapes.resolve(ConvShapes.files("all"), "conv4_2").params().outChannels());
        assertThrows(IllegalArgumentException.class, () -> ConvShapes.resolve(ConvShapes.files("resnet50_3x3"), "conv4_2"));
    }

    @Test
    void everyInt8BenchmarkParamResolves() throws NoSuchFieldException {
        String shapes = Int8ConvBenchmark.class.getField("shapes").getAnnotation(Param.class).value()[0];
        Param param = Int8ConvBenchmark.class.getField("shape").getAnnotation(Param.class);
        for (String key : param.value()) {
            assertFalse(ConvShapes.resolve(ConvShapes.files(shapes), key).name().isEmpty(), key);
        }
    }

    @Test
    void baselineMeasuresTheSameParamsAsConv2dBenchmark() throws NoSuchFieldException {
        for (String field : new String[] {"shape", "layout"}) {
            assertArrayEquals(Conv2dBenchmark.class.getField(field).getAnnotation(Param.class).value(),
                    OneDnnBaselineBenchmark.class.getField(field).getAnnotation(Param.class).value(), field);
        }
    }

    @Test
    void benchdnnShorthandDerivesEndPaddingFromTheOutput() {
        // stride 2, 3x3, pad 1 on 56: benchdnn's oh28 means pad bottom 0.
        Conv2dParams p = Conv2dProblem.parse("mb2ic64ih56oc128oh28kh3sh2ph1n\"x\"").params();
        assertEquals(List.of(2L, 56L, 56L, 28L, 28L, 2L, 2L, 1L, 1L, 0L, 0L),
                List.of(p.batch(), p.inH(), p.inW(), p.outH(), p.outW(), p.strideH(), p.strideW(), p.padTop(), p.padLeft(),
                        p.padBottom(), p.padRight()));
        assertThrows(IllegalArgumentException.class, () -> Conv2dProblem.parse("ic1ih5oc1oh2kh3"));
        assertThrows(IllegalArgumentException.class, () -> Conv2dProblem.parse("ic1ih5oc1kh3zz2"));
    }

    @Test
    void explicitTestFileSyntaxParses() {
        Conv2dProblem s = Conv2dProblem.parse("mb3g2ic64ih5iw5oc64kh2kw3sh1sw2pt0pl1pb1pr1_nhwc_relu_nobias");
        Conv2dParams p = s.params();
        assertEquals(Layout.NHWC, p.layout());
        assertEquals(Activation.relu(), p.activation());
        assertFalse(s.bias());
        assertEquals(List.of(2L, 5L, 5L, 2L, 3L, 0L, 1L, 1L, 1L, 5L, 3L),
                List.of(p.groups(), p.inH(), p.inW(), p.kernelH(), p.kernelW(), p.padTop(), p.padLeft(), p.padBottom(),
                        p.padRight(), p.outH(), p.outW()));
    }

    @Test
    void anyDescriptorResolves() {
        Conv2dParams p = ConvShapes.resolve(ConvShapes.RESNET50_3X3, "ic32ih10oc16oh10kh3ph1").params();
        assertEquals(List.of(32L, 16L, 10L, 10L), List.of(p.inChannels(), p.outChannels(), p.outH(), p.outW()));
        assertThrows(IllegalArgumentException.class, () -> ConvShapes.resolve(ConvShapes.RESNET50_3X3, "res9z"));
    }
}
