package io.frugal.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Frugal vs ONNX Runtime on one model with the engines taking turns in one process: each round
 * times a batch of runs of one engine, then of the other (the order flips every round), so slow
 * drift of the machine (this VM's speed wanders by tens of percent over minutes) hits both alike.
 * JMH's {@link ModelBenchmark} measures the engines minutes apart; this is its cross-check. The
 * engines are set up exactly as there.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.frugal.bench.AlternatingModelComparison cls [rounds] [runs per turn]
 * java -cp bench/target/benchmarks.jar io.frugal.bench.AlternatingModelComparison det 5 20
 * </pre>
 */
public final class AlternatingModelComparison {
    private AlternatingModelComparison() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: AlternatingModelComparison cls|det [rounds, default 5] [runs per turn, default cls 300 / det 15]");
            System.exit(2);
        }
        String model = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : model.equals("det") ? 15 : 300;
        ModelBenchmark frugal = engine(model, "frugal");
        ModelBenchmark ort = engine(model, "onnxruntime");
        try {
            for (int i = 0; i < runs; i++) {
                frugal.runOnce();
                ort.runOnce();
            }
            List<Double> ratios = new ArrayList<>();
            System.out.printf(Locale.ROOT, "| round | Frugal ms | ONNX Runtime ms | Frugal / ORT (time) |%n|---:|---:|---:|---:|%n");
            for (int r = 0; r < rounds; r++) {
                boolean frugalFirst = r % 2 == 0;
                double a = time(frugalFirst ? frugal : ort, runs);
                double b = time(frugalFirst ? ort : frugal, runs);
                double f = frugalFirst ? a : b;
                double o = frugalFirst ? b : a;
                ratios.add(f / o);
                System.out.printf(Locale.ROOT, "| %d | %.3f | %.3f | %.3f |%n", r + 1, f, o, f / o);
            }
            double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%nmodel %s, %d rounds x %d runs per engine: median ratio %.3f (min %.3f, max %.3f)%n", model,
                    rounds, runs, sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
        } finally {
            frugal.tearDown();
            ort.tearDown();
        }
    }

    private static ModelBenchmark engine(String model, String engine) throws Exception {
        ModelBenchmark b = new ModelBenchmark();
        b.model = model;
        b.engine = engine;
        b.setUp();
        return b;
    }

    /** Mean milliseconds per run over runs runs. */
    private static double time(ModelBenchmark b, int runs) throws Exception {
        long t = System.nanoTime();
        for (int i = 0; i < runs; i++) b.runOnce();
        return (System.nanoTime() - t) / 1e6 / runs;
    }
}
