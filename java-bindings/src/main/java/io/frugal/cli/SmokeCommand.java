package io.frugal.cli;

import io.frugal.Activation;
import io.frugal.Conv2d;
import io.frugal.Conv2dParams;
import io.frugal.Layout;
import io.frugal.Tensor;
import io.frugal.problems.Conv2dProblem;
import java.io.PrintWriter;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code frugal smoke}: one 3x3 convolution through the fastest kernel and through the
 * reference, their agreement and the fast kernel's speed. Exits 1 if they disagree.
 */
@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = "Runs a 3x3 fp32 convolution with the fastest kernel and the reference; prints error and speed.")
final class SmokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--channels", description = "input and output channels (default ${DEFAULT-VALUE})")
    int channels = 64;

    @Option(names = "--size", description = "image height and width (default ${DEFAULT-VALUE})")
    int size = 56;

    @Option(names = "--batch", description = "batch (default ${DEFAULT-VALUE})")
    int batch = 1;

    @Option(names = "--layout", description = "NCHW or NHWC (default ${DEFAULT-VALUE})")
    Layout layout = Layout.NHWC;

    @Option(names = "--runs", description = "timed runs (default ${DEFAULT-VALUE})")
    int runs = 50;

    @Option(names = "--problem", description = "a benchdnn-style problem line instead of the options above, "
            + "e.g. mb1ic64ih56oc64oh56kh3ph1 or mb1g2ic8ih9iw7oc8kh5kw3sh2sw1dh2dw1pt2pl1pb2pr1_nhwc_relu6")
    String problem;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Conv2dParams p = problem != null ? Conv2dProblem.parse(problem).params()
                : Conv2dParams.builder().batch(batch).input(channels, size, size).outChannels(channels).kernel(3, 3)
                        .padding(1).layout(layout).activation(Activation.relu()).build();
        SplittableRandom random = new SplittableRandom(42);
        try (Tensor x = Tensor.fromArray(randoms(random, p.inputShape()), p.inputShape());
             Tensor w = Tensor.fromArray(randoms(random, p.weightShape()), p.weightShape());
             Tensor b = Tensor.fromArray(randoms(random, p.outChannels()), p.outChannels());
             Conv2d fast = Conv2d.create(p, w, b);
             Conv2d ref = Conv2d.create(p, w, b, "ref");
             Tensor y = fast.run(x);
             Tensor yRef = ref.run(x)) {
            double err = relativeL2(y.toFloatArray(), yRef.toFloatArray());
            for (int i = 0; i < 5; i++) fast.run(x, y);
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 5; rep++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < runs; i++) fast.run(x, y);
                best = Math.min(best, (System.nanoTime() - t0) / 1e6 / runs);
            }
            double gflops = 2.0 * p.macs() / (best * 1e-3) / 1e9;
            boolean ok = err <= 1e-5;
            out.printf("conv2d %s%n", p.descriptor());
            out.printf("  kernel          %s%n", fast.kernel());
            out.printf("  vs ref:direct   relative L2 %.2e (%s, limit 1e-5)%n", err, ok ? "ok" : "FAILED");
            out.printf("  time            %.3f ms (best of 5 x %d runs), %.1f GFLOPS%n", best, runs, gflops);
            return ok ? 0 : 1;
        }
    }

    private static float[] randoms(SplittableRandom random, long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        float[] a = new float[Math.toIntExact(n)];
        for (int i = 0; i < a.length; i++) a[i] = (float) (random.nextDouble() * 2 - 1);
        return a;
    }

    private static double relativeL2(float[] a, float[] ref) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - ref[i];
            num += d * d;
            den += (double) ref[i] * ref[i];
        }
        return Math.sqrt(num / Math.max(den, Double.MIN_NORMAL));
    }
}
