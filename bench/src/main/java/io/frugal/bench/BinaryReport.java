package io.frugal.bench;

import io.frugal.problems.Conv2dProblem;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link BinaryConvBenchmark}'s table for {@link BenchReport}: per layer and batch, the time of each
 * precision measured in the same run, BINARY's speed against FP32 and INT8 (and BINARY_WEIGHTS'
 * against FP32), and BINARY's binary MACs per cycle per core against the popcount ceiling of the
 * ISA its kernel runs on (DESIGN §3.1):
 * <ul>
 *   <li>AVX-512 VPOPCNTDQ: 512 per cycle (one 512-bit vpopcntq per cycle);</li>
 *   <li>AVX2: 128 per cycle (a 256-bit xor + nibble-lookup popcount + byte add is 8 vector
 *       instructions, at most 4 issued per cycle).</li>
 * </ul>
 */
final class BinaryReport {
    private BinaryReport() {}

    static final String BENCHMARK = "BinaryConvBenchmark.conv";

    static boolean isBinary(BenchReport.Row r) {
        if (!r.shortName().equals(BENCHMARK) || Double.isNaN(r.toMillis(r.score()))) return false;
        try {
            BinaryConvBenchmark.Precision.valueOf(r.params().getOrDefault("precision", ""));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The binary MACs per cycle one core can issue on isa (Frugal's id, FRUGAL_MAX_ISA applied). */
    static int popcountCeiling(String isa) {
        return isa.startsWith("avx512") ? 512 : isa.equals("avx2") ? 128 : 64;
    }

    static String table(List<BenchReport.Row> rows, BenchReport.Peak peak, String isa) {
        Map<String, Map<BinaryConvBenchmark.Precision, BenchReport.Row>> groups = new LinkedHashMap<>();
        for (BenchReport.Row r : rows) {
            groups.computeIfAbsent(r.params().get("shape") + "\u0000" + r.params().getOrDefault("batch", "1"),
                    k -> new EnumMap<>(BinaryConvBenchmark.Precision.class))
                    .putIfAbsent(BinaryConvBenchmark.Precision.valueOf(r.params().get("precision")), r);
        }
        int ceiling = popcountCeiling(isa);
        StringBuilder b = new StringBuilder();
        b.append("binary (XNOR) vs fp32 and int8 convolution (BinaryConvBenchmark), same run; speed = other ms / this ms"
                + " (> 1: faster):\n\n");
        b.append("| layer | batch | FP32 ms | INT8 ms | BINARY ms | BINARY_WEIGHTS ms | BINARY / FP32 | BINARY / INT8 |"
                + " BINARY_WEIGHTS / FP32 | binary MACs/cycle/core | % of popcount ceiling |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<BinaryConvBenchmark.Precision, BenchReport.Row> g : groups.values()) {
            BenchReport.Row any = g.values().iterator().next();
            Conv2dProblem s = ConvShapes.resolve(ConvShapes.RESNET50_3X3, any.params().get("shape"));
            int batch = Integer.parseInt(any.params().getOrDefault("batch", "1"));
            double fp32 = ms(g, BinaryConvBenchmark.Precision.FP32), int8 = ms(g, BinaryConvBenchmark.Precision.INT8);
            double bin = ms(g, BinaryConvBenchmark.Precision.BINARY), bwn = ms(g, BinaryConvBenchmark.Precision.BINARY_WEIGHTS);
            double perCycle = batch * (double) s.params().macs() / (bin * 1e-3) / (peak.ghz() * 1e9) / peak.cores();
            b.append(String.format(Locale.ROOT, "| %s %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", s.label(),
                    any.params().get("shape"), batch, cell(g, BinaryConvBenchmark.Precision.FP32),
                    cell(g, BinaryConvBenchmark.Precision.INT8), cell(g, BinaryConvBenchmark.Precision.BINARY),
                    cell(g, BinaryConvBenchmark.Precision.BINARY_WEIGHTS), ratio(fp32, bin), ratio(int8, bin), ratio(fp32, bwn),
                    Double.isNaN(perCycle) ? "-" : String.format(Locale.ROOT, "%.0f", perCycle),
                    Double.isNaN(perCycle) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * perCycle / ceiling)));
        }
        b.append(String.format(Locale.ROOT, "%nBinary MACs/cycle/core = MB*OC*OH*OW*IC*KH*KW / time / (%.2f GHz x %d cores);"
                + " popcount ceiling for %s: %d binary MACs/cycle/core (BinaryReport). INT8 is whatever QConv2d picks here"
                + " (oneDNN from AVX-512 VNNI on, else Frugal's int8_s16).%n", peak.ghz(), peak.cores(), isa, ceiling));
        return b.toString();
    }

    private static double ms(Map<BinaryConvBenchmark.Precision, BenchReport.Row> g, BinaryConvBenchmark.Precision p) {
        BenchReport.Row r = g.get(p);
        return r == null ? Double.NaN : r.toMillis(r.score());
    }

    private static String cell(Map<BinaryConvBenchmark.Precision, BenchReport.Row> g, BinaryConvBenchmark.Precision p) {
        double v = ms(g, p);
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String ratio(double other, double mine) {
        return Double.isNaN(other) || Double.isNaN(mine) ? "-" : String.format(Locale.ROOT, "%.1fx", other / mine);
    }
}
