package io.frugal.bench;

import io.frugal.problems.Conv2dProblem;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import io.frugal.Activation;
import io.frugal.Conv2dParams;
import io.frugal.CpuInfo;
import io.frugal.Frugal;
import io.frugal.Layout;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The baseline of {@link Conv2dBenchmark}: the same fp32 convolutions, with oneDNN called directly
 * from Java through the bytedeco presets ({@code org.bytedeco.dnnl}), the way a oneDNN user would
 * write it, and no Frugal code on the run path. {@link BenchReport} prints "Frugal / oneDNN direct"
 * ratios when both ran in the same JMH run.
 *
 * <p>Same problem as {@code Conv2dBenchmark} (and {@code native/src/onednn/onednn_conv2d.cpp}):
 * forward_inference, f32, bias unless the shape says {@code _nobias}, the shape's activation as an
 * eltwise post-op (none for the ResNet lines), ONNX-style dilation passed as oneDNN's {@code d-1},
 * user-mode scratchpad allocated once. NHWC: src/dst in {@code nhwc}, as given. NCHW: {@code any}
 * formats for src/dst, with reorders from and to {@code nchw} executed inside the benchmark.
 * Weights are reordered once, at setup, into the format the primitive prefers. One run = the
 * reorders and the convolution on one stream, then {@code stream.wait()}. {@code FRUGAL_MAX_ISA}
 * caps oneDNN here as it does in Frugal; {@code ONEDNN_MAX_CPU_ISA} applies to both.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar 'Conv2dBenchmark|OneDnnBaseline' -p shape=res3a_branch2b
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Threads(1) // oneDNN already uses every core through OpenMP
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OneDnnBaselineBenchmark {
    /** As {@link Conv2dBenchmark#shape}: a name in the shape file or a benchdnn-style descriptor. */
    @Param({"res2a_branch2b", "res3a_branch2b", "res4a_branch2b", "res5a_branch2b"})
    public String shape;

    @Param({"NHWC", "NCHW"})
    public Layout layout;

    /** Every native object made at setup, closed in reverse order at teardown. */
    private final List<Pointer> owned = new ArrayList<>();
    private stream strm;
    private convolution_forward conv;
    private reorder srcReorder; // null when the primitive takes the user layout (NHWC)
    private reorder dstReorder;
    private IntMemoryMap convArgs, srcArgs, dstArgs;
    private FloatBuffer out;

    @Setup(Level.Trial)
    public void setUp() {
        Conv2dProblem s = ConvShapes.resolve(ConvShapes.RESNET50_3X3, shape);
        Conv2dParams p = s.params(layout);
        applyFrugalIsaCap();
        engine eng = own(new engine(engine.kind.cpu, 0));
        strm = own(new stream(eng));
        convolution_forward.primitive_desc pd = primitiveDesc(eng, p, s.bias(), owned);
        conv = own(new convolution_forward(pd));

        // The same data as Conv2dBenchmark: one generator, weights, then bias, then src.
        SplittableRandom random = new SplittableRandom(42);
        memory.desc userWeiMd = own(weightsDesc(p));
        memory userWei = own(new memory(userWeiMd, eng));
        fill(userWei, random);
        memory.desc weiMd = own(pd.weights_desc());
        memory wei = userWei;
        if (weiMd.notEquals(userWeiMd)) {
            wei = own(new memory(weiMd, eng));
            try (reorder r = new reorder(userWei, wei)) {
                r.execute(strm, userWei, wei);
            }
            strm._wait();
        }
        memory bias = null;
        if (s.bias()) {
            bias = own(new memory(own(new memory.desc(new long[] {p.outChannels()}, memory.data_type.f32,
                    memory.format_tag.x)), eng));
            fill(bias, random);
        }

        memory.desc userSrcMd = own(activationDesc(p, p.inChannels(), p.inH(), p.inW()));
        memory.desc userDstMd = own(activationDesc(p, p.outChannels(), p.outH(), p.outW()));
        memory userSrc = own(new memory(userSrcMd, eng));
        memory userDst = own(new memory(userDstMd, eng));
        fill(userSrc, random);
        out = floats(userDst).asBuffer();

        memory.desc srcMd = own(pd.src_desc());
        memory.desc dstMd = own(pd.dst_desc());
        memory convSrc = userSrc;
        memory convDst = userDst;
        String reorders = "";
        if (srcMd.notEquals(userSrcMd)) {
            convSrc = own(new memory(srcMd, eng));
            reorder.primitive_desc rpd = own(new reorder.primitive_desc(eng, userSrcMd, eng, srcMd));
            srcReorder = own(new reorder(rpd));
            srcArgs = own(new IntMemoryMap());
            srcArgs.put(DNNL_ARG_FROM, userSrc).put(DNNL_ARG_TO, convSrc);
            reorders += ", src reorder " + rpd.impl_info_str().getString();
        }
        if (dstMd.notEquals(userDstMd)) {
            convDst = own(new memory(dstMd, eng));
            reorder.primitive_desc rpd = own(new reorder.primitive_desc(eng, dstMd, eng, userDstMd));
            dstReorder = own(new reorder(rpd));
            dstArgs = own(new IntMemoryMap());
            dstArgs.put(DNNL_ARG_FROM, convDst).put(DNNL_ARG_TO, userDst);
            reorders += ", dst reorder " + rpd.impl_info_str().getString();
        }
        memory scratchpad = own(new memory(own(pd.scratchpad_desc()), eng));
        convArgs = own(new IntMemoryMap());
        convArgs.put(DNNL_ARG_SRC, convSrc).put(DNNL_ARG_WEIGHTS, wei).put(DNNL_ARG_DST, convDst)
                .put(DNNL_ARG_SCRATCHPAD, scratchpad);
        if (bias != null) convArgs.put(DNNL_ARG_BIAS, bias);

        run(); // first-run costs (page faults, lazy scratchpads) stay out of warm-up statistics
        System.out.println("# oneDNN direct conv2d " + s.label() + " " + layout + " (" + s.name() + "): impl "
                + pd.impl_info_str().getString() + reorders + ", oneDNN " + version() + ", " + p.macs() * 2 / 1e9
                + " GFLOP per run");
    }

    @Benchmark
    public void conv2d(Blackhole bh) {
        run();
        bh.consume(out.get(0));
    }

    private void run() {
        if (srcReorder != null) srcReorder.execute(strm, srcArgs);
        conv.execute(strm, convArgs);
        if (dstReorder != null) dstReorder.execute(strm, dstArgs);
        strm._wait();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (int i = owned.size() - 1; i >= 0; i--) owned.get(i).close();
        owned.clear();
        strm = null;
        conv = null;
        srcReorder = dstReorder = null;
        convArgs = srcArgs = dstArgs = null;
        out = null;
    }

    /** The output as the benchmark leaves it (user layout); for cross-checks against Conv2dBenchmark. */
    FloatBuffer output() {
        return out.duplicate().clear();
    }

    /**
     * The convolution as Frugal's oneDNN kernel describes it: {@code any} weights; src/dst as given
     * for NHWC, {@code any} for NCHW. Descriptors and attributes made here go to {@code owned}.
     */
    static convolution_forward.primitive_desc primitiveDesc(engine eng, Conv2dParams p, boolean bias, List<Pointer> owned) {
        memory.data_type f32 = memory.data_type.f32;
        boolean nhwc = p.layout() == Layout.NHWC;
        memory.desc src = add(owned, nhwc ? activationDesc(p, p.inChannels(), p.inH(), p.inW())
                : new memory.desc(dims(p, p.inChannels(), p.inH(), p.inW()), f32, memory.format_tag.any));
        memory.desc dst = add(owned, nhwc ? activationDesc(p, p.outChannels(), p.outH(), p.outW())
                : new memory.desc(dims(p, p.outChannels(), p.outH(), p.outW()), f32, memory.format_tag.any));
        memory.desc wei = add(owned, new memory.desc(weightDims(p), f32, memory.format_tag.any));
        memory.desc biasMd = add(owned, bias ? new memory.desc(new long[] {p.outChannels()}, f32, memory.format_tag.x)
                : new memory.desc());

        primitive_attr attr = add(owned, new primitive_attr());
        attr.set_scratchpad_mode(dnnl.scratchpad_mode.user);
        post_ops ops = add(owned, new post_ops());
        appendActivation(ops, p.activation());
        attr.set_post_ops(ops);

        return add(owned, new convolution_forward.primitive_desc(eng, dnnl.prop_kind.forward_inference,
                dnnl.algorithm.convolution_direct, src, wei, biasMd, dst,
                new long[] {p.strideH(), p.strideW()},
                new long[] {p.dilationH() - 1, p.dilationW() - 1},
                new long[] {p.padTop(), p.padLeft()},
                new long[] {p.padBottom(), p.padRight()},
                attr, false));
    }

    /** The implementation oneDNN picks for this problem on this machine, e.g. brg_conv_fwd:avx2; "?" on failure. */
    static String implName(Conv2dProblem s, Layout layout) {
        List<Pointer> owned = new ArrayList<>();
        try {
            applyFrugalIsaCap();
            engine eng = add(owned, new engine(engine.kind.cpu, 0));
            return primitiveDesc(eng, s.params(layout), s.bias(), owned).impl_info_str().getString();
        } catch (RuntimeException | LinkageError e) {
            return "?";
        } finally {
            for (int i = owned.size() - 1; i >= 0; i--) owned.get(i).close();
        }
    }

    /** oneDNN's version as loaded, e.g. 3.13.0. */
    static String version() {
        var v = dnnl.version();
        return v.major() + "." + v.minor() + "." + v.patch();
    }

    /**
     * Frugal caps oneDNN at FRUGAL_MAX_ISA when it makes its engine; do the same here so that both
     * sides of the ratio run the same ISA. Only possible before oneDNN made a primitive in this
     * process; ignored (as in Frugal) otherwise, and skipped if libfrugal does not load.
     */
    private static void applyFrugalIsaCap() {
        CpuInfo c;
        try {
            c = Frugal.cpuInfo();
        } catch (RuntimeException | LinkageError e) {
            return;
        }
        if (c.effectiveIsa().compareTo(c.detectedIsa()) >= 0) return;
        dnnl.cpu_isa isa = switch (c.effectiveIsa()) {
            case SCALAR -> dnnl.cpu_isa.sse41;
            case AVX2 -> dnnl.cpu_isa.avx2;
            case AVX512 -> dnnl.cpu_isa.avx512_core;
            case AVX512_VNNI -> dnnl.cpu_isa.avx512_core_vnni;
            default -> dnnl.cpu_isa.isa_default;
        };
        dnnl.dnnl_set_max_cpu_isa(isa.value);
    }

    /** As onednn::append_activation in native/src/onednn/onednn_common.cpp. */
    private static void appendActivation(post_ops ops, Activation a) {
        switch (a.kind()) {
            case NONE -> { }
            case RELU -> ops.append_eltwise(dnnl.algorithm.eltwise_relu, a.alpha(), 0f);
            case CLIP -> ops.append_eltwise(dnnl.algorithm.eltwise_clip, a.alpha(), a.beta());
            case SIGMOID -> ops.append_eltwise(dnnl.algorithm.eltwise_logistic, 0f, 0f);
            case HARD_SIGMOID -> ops.append_eltwise(dnnl.algorithm.eltwise_hardsigmoid, a.alpha(), a.beta());
            case HARD_SWISH -> ops.append_eltwise(dnnl.algorithm.eltwise_hardswish, a.alpha(), a.beta());
            case TANH -> ops.append_eltwise(dnnl.algorithm.eltwise_tanh, 0f, 0f);
        }
    }

    private static long[] dims(Conv2dParams p, long c, long h, long w) {
        return new long[] {p.batch(), c, h, w};
    }

    /** src or dst in the user's layout: nhwc or nchw. */
    private static memory.desc activationDesc(Conv2dParams p, long c, long h, long w) {
        return new memory.desc(dims(p, c, h, w), memory.data_type.f32,
                p.layout() == Layout.NHWC ? memory.format_tag.nhwc : memory.format_tag.nchw);
    }

    /** ONNX weights [OC, IC/G, KH, KW]: oneDNN's oihw, or goihw with G = groups. */
    private static long[] weightDims(Conv2dParams p) {
        long g = p.groups();
        return g == 1 ? new long[] {p.outChannels(), p.inChannels(), p.kernelH(), p.kernelW()}
                : new long[] {g, p.outChannels() / g, p.inChannels() / g, p.kernelH(), p.kernelW()};
    }

    private static memory.desc weightsDesc(Conv2dParams p) {
        return new memory.desc(weightDims(p), memory.data_type.f32,
                p.groups() == 1 ? memory.format_tag.oihw : memory.format_tag.goihw);
    }

    private static FloatPointer floats(memory m) {
        try (memory.desc md = m.get_desc()) {
            return new FloatPointer(m.get_data_handle()).capacity(md.get_size() / Float.BYTES);
        }
    }

    /** Uniform in [-1, 1), in memory order, as Conv2dBenchmark.random fills a Tensor. */
    private static void fill(memory m, SplittableRandom random) {
        FloatBuffer b = floats(m).asBuffer();
        while (b.hasRemaining()) b.put((float) (random.nextDouble() * 2 - 1));
    }

    private <T extends Pointer> T own(T p) {
        return add(owned, p);
    }

    private static <T extends Pointer> T add(List<Pointer> owned, T p) {
        owned.add(p);
        return p;
    }
}
