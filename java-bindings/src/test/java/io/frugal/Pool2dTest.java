package io.frugal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.Pool2dParams.Kind;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fp32 pool2d kernel ("onednn", "ref") against the float64 {@link Reference} over odd
 * shapes, both layouts, ceil mode, padding counted or not, dilation and global pooling, plus
 * bad input. Surefire reruns this class under each FRUGAL_MAX_ISA cap.
 */
@Tag("kernel") // rerun under every FRUGAL_MAX_ISA cap (java-bindings/pom.xml)
class Pool2dTest {
    static final double TOLERANCE = 1e-6;
    static final List<String> KERNELS = List.of("onednn", "ref");

    static Pool2dParams.Builder max() { return Pool2dParams.builder(Kind.MAX); }
    static Pool2dParams.Builder avg() { return Pool2dParams.builder(Kind.AVG); }

    static List<Pool2dParams> shapes() {
        return List.of(
                max().batch(2).input(3, 7, 9).kernel(3, 3).stride(2).padding(1).build(),
                max().input(5, 8, 8).kernel(3, 3).stride(2).padding(1).ceilMode(true).layout(Layout.NHWC).build(),
                max().input(17, 7, 7).kernel(2, 2).stride(2).ceilMode(true).build(),
                max().input(4, 4, 4).kernel(2, 2).stride(3).padding(1).ceilMode(true).build(),
                max().batch(3).input(6, 11, 10).kernel(3, 3).dilation(2, 2).padding(2).layout(Layout.NHWC).build(),
                max().input(3, 9, 13).kernel(2, 3).stride(1, 2).dilation(3, 1).padding(1, 0, 2, 1).build(),
                max().batch(2).input(19, 5, 6).global().layout(Layout.NHWC).build(),
                avg().batch(2).input(3, 7, 9).kernel(3, 3).padding(1).build(),
                avg().input(3, 7, 9).kernel(3, 3).padding(1).countIncludePad(true).layout(Layout.NHWC).build(),
                avg().input(5, 9, 9).kernel(3, 3).stride(2).padding(1).ceilMode(true).build(),
                avg().input(5, 10, 10).kernel(3, 3).stride(2).padding(1).ceilMode(true).countIncludePad(true).build(),
                avg().input(7, 7, 7).kernel(2, 2).stride(2).ceilMode(true).countIncludePad(true).layout(Layout.NHWC).build(),
                avg().input(7, 7, 7).kernel(2, 2).stride(2).ceilMode(true).layout(Layout.NHWC).build(),
                avg().input(8, 6, 11).kernel(2, 3).stride(1, 2).padding(1, 0, 0, 1).countIncludePad(true).build(),
                avg().batch(3).input(21, 7, 5).global().build(),
                avg().input(16, 3, 3).global().layout(Layout.NHWC).build());
    }

    static Stream<Arguments> sweep() {
        return shapes().stream().flatMap(p -> KERNELS.stream().map(k -> Arguments.of(p, k)));
    }

    /** oneDNN counts the ceil-mode overhang in the divisor, ONNX does not: it declines those. */
    static boolean onednnDeclines(Pool2dParams p) {
        long needH = (p.outH() - 1) * p.strideH() + p.kernelH() - p.inH() - p.padTop();
        long needW = (p.outW() - 1) * p.strideW() + p.kernelW() - p.inW() - p.padLeft();
        return p.kind() == Kind.AVG && p.countIncludePad() && (needH > p.padBottom() || needW > p.padRight());
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("sweep")
    void matchesFloat64Reference(Pool2dParams p, String kernel) {
        float[] src = Reference.uniform(p.describe().hashCode(), (int) Tensor.elementCount(p.inputShape()));
        if (kernel.equals("onednn") && onednnDeclines(p)) {
            FrugalException e = assertThrows(FrugalException.class, () -> Pool2d.create(p, kernel).close());
            assertEquals(ErrorCode.UNIMPLEMENTED, e.code());
            assertTrue(e.getMessage().contains("overhang"), e.getMessage());
            return;
        }
        try (Pool2d pool = Pool2d.create(p, kernel);
             Tensor x = Tensor.fromArray(src, p.inputShape());
             Tensor y = Tensor.allocate(DType.F32, p.outputShape())) {
            String name = pool.kernel();
            assertTrue(name.startsWith(kernel), () -> "pinned " + kernel + " but got " + name);
            assertFalse(IsaSupport.namesIsaAbove(name, IsaSupport.effective()),
                    () -> name + " uses an ISA above the effective " + IsaSupport.effective().id());
            float[] nan = new float[(int) y.elementCount()];
            Arrays.fill(nan, Float.NaN);
            y.copyFrom(nan);
            pool.run(x, y);
            double err = Reference.relativeL2(y.toFloatArray(), Reference.pool2d(p, src));
            assertTrue(err <= TOLERANCE, () -> p.describe() + " on " + name + ": relative L2 " + err);
            // A shared sibling gives the same result on a second input.
            float[] src2 = Reference.uniform(p.describe().hashCode() + 1, src.length);
            try (Pool2d twin = pool.share(); Tensor x2 = Tensor.fromArray(src2, p.inputShape()); Tensor y2 = twin.run(x2)) {
                assertEquals(name, twin.kernel());
                double err2 = Reference.relativeL2(y2.toFloatArray(), Reference.pool2d(p, src2));
                assertTrue(err2 <= TOLERANCE, () -> p.describe() + " shared: relative L2 " + err2);
            }
        }
    }

    @Test
    void unpinnedChoosesOnednnAndFallsBackToRef() {
        try (Pool2d pool = Pool2d.create(max().input(3, 5, 5).kernel(3, 3).build())) {
            assertTrue(pool.kernel().startsWith("onednn:"), pool.kernel());
        }
        Pool2dParams overhang = avg().input(2, 7, 7).kernel(2, 2).stride(2).ceilMode(true).countIncludePad(true).build();
        try (Pool2d pool = Pool2d.create(overhang)) {
            assertEquals("ref:direct", pool.kernel());
        }
    }

    /** The output-size rules and the reference, worked by hand. */
    @Test
    void sizesAndReferenceMatchHandWorkedExamples() {
        // ceil mode: ceil((4 + 2 - 2) / 3) + 1 = 3, but the third window would start at 6 - 1 = 5 >= 4: dropped.
        assertEquals(2, max().input(1, 4, 4).kernel(2, 2).stride(3).padding(1).ceilMode(true).build().outH());
        assertEquals(2, max().input(1, 4, 4).kernel(2, 2).stride(3).padding(1).build().outH());
        assertEquals(4, max().input(1, 7, 7).kernel(2, 2).stride(2).ceilMode(true).build().outW());
        assertEquals(3, max().input(1, 7, 7).kernel(2, 2).stride(2).build().outW());
        Pool2dParams g = avg().input(2, 3, 5).global().build();
        assertArrayEquals(new long[] {1, 2, 1, 1}, g.outputShape());
        // 1x3 input 1 2 3, kernel 1x2, stride 2, ceil: windows {1,2} and {3}.
        float[] x = {1, 2, 3};
        Pool2dParams ex = avg().input(1, 1, 3).kernel(1, 2).stride(2).ceilMode(true).build();
        assertArrayEquals(new double[] {1.5, 3}, Reference.pool2d(ex, x));
        Pool2dParams inc = avg().input(1, 1, 3).kernel(1, 2).stride(2).padding(0, 1, 0, 1).countIncludePad(true).build();
        // windows {pad,1} and {2,3}: (0 + 1) / 2, (2 + 3) / 2
        assertArrayEquals(new double[] {0.5, 2.5}, Reference.pool2d(inc, x));
        Pool2dParams mx = max().input(1, 1, 3).kernel(1, 2).dilation(1, 2).build();
        assertArrayEquals(new double[] {3}, Reference.pool2d(mx, x));
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badParamsAreRefusedInJava() {
        fails(NullPointerException.class, () -> Pool2dParams.builder(null).input(1, 1, 1).kernel(1, 1).build(), "kind");
        fails(NullPointerException.class, () -> max().input(1, 1, 1).kernel(1, 1).layout(null).build(), "layout");
        fails(NullPointerException.class, () -> Pool2d.create(null), "params");
        fails(IllegalArgumentException.class, () -> max().input(0, 3, 3).kernel(1, 1).build(), "channels", "0");
        fails(IllegalArgumentException.class, () -> max().input(1, 3, 3).kernel(1, 1).stride(0).build(), "strideH");
        fails(IllegalArgumentException.class, () -> max().input(1, 3, 3).kernel(2, 2).padding(-1).build(), "padTop");
        fails(IllegalArgumentException.class, () -> avg().input(1, 5, 5).kernel(2, 2).dilation(2, 2).build(),
                "dilation", "max pooling only");
        fails(IllegalArgumentException.class, () -> max().input(1, 5, 5).kernel(2, 2).padding(2).build(),
                "padding", "smaller than the dilated kernel");
        fails(IllegalArgumentException.class, () -> max().input(1, 3, 3).kernel(5, 5).build(), "larger than the padded input");
        fails(IllegalArgumentException.class, () -> max().input(1, 3, 3).kernel(Long.MAX_VALUE, 1).dilation(2, 1).build(),
                "overflow");
        fails(IllegalArgumentException.class, () -> max().batch(Long.MAX_VALUE / 2).input(4, 4, 4).kernel(1, 1).build(),
                "overflow");
    }

    @Test
    void badOperandsAreRefusedBeforeNativeCode() {
        Pool2dParams p = max().input(2, 4, 4).kernel(2, 2).stride(2).build();
        Pool2d pool = Pool2d.create(p);
        try (Tensor x = Tensor.allocate(DType.F32, p.inputShape());
             Tensor y = Tensor.allocate(DType.F32, p.outputShape());
             Tensor wrong = Tensor.allocate(DType.F32, 1, 2, 4, 5);
             Tensor bf = Tensor.allocate(DType.BF16, p.inputShape())) {
            fails(NullPointerException.class, () -> pool.run(null, y), "src");
            fails(NullPointerException.class, () -> pool.run(x, null), "dst");
            fails(IllegalArgumentException.class, () -> pool.run(wrong, y), "src shape", "[1, 2, 4, 5]");
            fails(IllegalArgumentException.class, () -> pool.run(x, x), "dst shape");
            fails(IllegalArgumentException.class, () -> pool.run(bf, y), "F32", "BF16");
            fails(FrugalException.class, () -> Pool2d.create(p, "nosuch"), "nosuch");
            pool.close();
            fails(IllegalStateException.class, () -> pool.run(x, y), "closed pool2d");
            fails(IllegalStateException.class, pool::share, "closed pool2d");
            pool.close(); // twice is fine
        }
    }

    static <T extends Throwable> T fails(Class<T> type, org.junit.jupiter.api.function.Executable call, String... fragments) {
        T e = assertThrows(type, call);
        String m = e.getMessage();
        for (String f : fragments) {
            assertTrue(m != null && m.contains(f), () -> "message '" + m + "' does not mention '" + f + "'");
        }
        return e;
    }
}
