package io.frugal.problems;

import io.frugal.Activation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Problem files: one benchdnn-style problem per line, {@code #} starts a comment. The same files
 * drive the kernel tests and the benchmarks (oneDNN's benchdnn keeps its shapes the same way).
 */
public final class ProblemFile {
    private ProblemFile() {}

    /**
     * Parses every non-comment line of in.
     *
     * @param source named in errors ({@code source:line: message})
     */
    public static <T> List<T> read(InputStream in, String source, Function<String, T> parse) {
        if (in == null) throw new IllegalArgumentException("problem file " + source + " not found");
        List<T> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int number = 0;
            for (String raw; (raw = r.readLine()) != null; ) {
                number++;
                int hash = raw.indexOf('#');
                String s = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
                if (s.isEmpty()) continue;
                try {
                    out.add(parse.apply(s));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ":" + number + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * The activation a problem line names. Parameters are fixed per name: leakyrelu has slope 0.1,
     * clip is [-0.5, 0.5], relu6 is clip [0, 6], hardsigmoid is ONNX's (0.2, 0.5).
     */
    public static Activation activation(String name) {
        switch (name) {
            case "none": return Activation.none();
            case "relu": return Activation.relu();
            case "leakyrelu": return Activation.leakyRelu(0.1f);
            case "clip": return Activation.clip(-0.5f, 0.5f);
            case "relu6": return Activation.clip(0f, 6f);
            case "sigmoid": return Activation.sigmoid();
            case "hardsigmoid": return Activation.hardSigmoid(0.2f, 0.5f);
            case "hardswish": return Activation.hardSwish();
            case "tanh": return Activation.tanh();
            default: throw new IllegalArgumentException("unknown activation '" + name + "'");
        }
    }

    /** The name of an activation in problem lines (its parameters are not part of the name). */
    public static String activationName(Activation a) {
        Objects.requireNonNull(a, "activation is null");
        switch (a.kind()) {
            case RELU: return a.alpha() == 0 ? "relu" : "leakyrelu";
            case CLIP: return a.alpha() == 0 && a.beta() == 6 ? "relu6" : "clip";
            case HARD_SIGMOID: return "hardsigmoid";
            case HARD_SWISH: return "hardswish";
            default: return a.kind().name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
