package io.frugal.problems;

import io.frugal.Activation;
import io.frugal.MatMulParams;
import java.util.Map;
import java.util.Set;

/**
 * A matrix multiply problem in the style of {@link Conv2dProblem}:
 * {@code mb<batch>m<M>k<K>n<N>[_t]_<activation>[_nobias]}, where {@code _t} means weights
 * stored [N, K] (ONNX Gemm transB = 1).
 *
 * @param line   the line as written
 * @param params the problem
 * @param bias   false for a {@code _nobias} line
 */
public record MatMulProblem(String line, MatMulParams params, boolean bias) {
    private static final Set<String> KEYS = Set.of("mb", "m", "k", "n");

    public static MatMulProblem parse(String line) {
        String[] parts = line.trim().split("_");
        Map<String, Long> f = Conv2dProblem.fields(parts[0], line, KEYS);
        int i = 1;
        boolean transposed = parts.length > i && parts[i].equals("t");
        if (transposed) i++;
        if (parts.length <= i) throw new IllegalArgumentException("matmul line needs an activation: " + line);
        Activation act = ProblemFile.activation(parts[i++]);
        if (parts.length > i && !parts[i].equals("nobias")) {
            throw new IllegalArgumentException("expected _nobias, got _" + parts[i] + " in " + line);
        }
        boolean bias = parts.length <= i;
        MatMulParams p = new MatMulParams(f.getOrDefault("mb", 1L), Conv2dProblem.need(f, "m", line),
                Conv2dProblem.need(f, "k", line), Conv2dProblem.need(f, "n", line), transposed, act);
        return new MatMulProblem(line, p, bias);
    }

    @Override
    public String toString() {
        return line;
    }
}
