package io.frugal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape sweeps of the kernel tests, read from {@code src/test/resources/io/frugal/*.txt}: one
 * benchdnn-style problem per line (see the comment at the top of each file).
 */
final class Shapes {
    private static final Pattern FIELD = Pattern.compile("([a-z]+)(\\d+)");

    private Shapes() {}

    /** A parsed line: the text as written, the problem, and whether it has a bias. */
    record Conv2dCase(String line, Conv2dParams params, boolean bias) {
        @Override
        public String toString() {
            return line;
        }
    }

    record MatMulCase(String line, MatMulParams params, boolean bias) {
        @Override
        public String toString() {
            return line;
        }
    }

    /** The non-comment lines of a resource next to this class, comments stripped. */
    static List<String> lines(String resource) {
        List<String> out = new ArrayList<>();
        try (InputStream in = Shapes.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("test resource " + resource + " is missing");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                int hash = line.indexOf('#');
                String s = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (!s.isEmpty()) out.add(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** {@code mb1g1ic3ih7iw7oc8kh3kw3sh1sw1dh1dw1pt1pl1pb1pr1_nchw_relu[_nobias]}. */
    static Conv2dCase conv2d(String line) {
        String[] parts = line.split("_");
        if (parts.length < 3) throw new IllegalArgumentException("conv2d line needs _<layout>_<activation>: " + line);
        Map<String, Long> f = fields(parts[0], line);
        Layout layout = Layout.valueOf(parts[1].toUpperCase());
        Activation act = activation(parts[2]);
        boolean bias = !(parts.length > 3 && parts[3].equals("nobias"));
        Conv2dParams p = Conv2dParams.builder()
                .batch(f.getOrDefault("mb", 1L))
                .groups(f.getOrDefault("g", 1L))
                .input(need(f, "ic", line), need(f, "ih", line), need(f, "iw", line))
                .outChannels(need(f, "oc", line))
                .kernel(need(f, "kh", line), need(f, "kw", line))
                .stride(f.getOrDefault("sh", 1L), f.getOrDefault("sw", 1L))
                .dilation(f.getOrDefault("dh", 1L), f.getOrDefault("dw", 1L))
                .padding(f.getOrDefault("pt", 0L), f.getOrDefault("pl", 0L), f.getOrDefault("pb", 0L),
                        f.getOrDefault("pr", 0L))
                .layout(layout)
                .activation(act)
                .build();
        return new Conv2dCase(line, p, bias);
    }

    /** {@code mb3m17k64n130[_t]_relu[_nobias]}: {@code _t} means weights stored [N, K]. */
    static MatMulCase matmul(String line) {
        String[] parts = line.split("_");
        Map<String, Long> f = fields(parts[0], line);
        int i = 1;
        boolean transposed = parts.length > i && parts[i].equals("t");
        if (transposed) i++;
        if (parts.length <= i) throw new IllegalArgumentException("matmul line needs an activation: " + line);
        Activation act = activation(parts[i++]);
        boolean bias = !(parts.length > i && parts[i].equals("nobias"));
        MatMulParams p = new MatMulParams(f.getOrDefault("mb", 1L), need(f, "m", line), need(f, "k", line),
                need(f, "n", line), transposed, act);
        return new MatMulCase(line, p, bias);
    }

    /** Activation by the names the shape files use. */
    static Activation activation(String name) {
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

    private static Map<String, Long> fields(String s, String line) {
        Map<String, Long> f = new HashMap<>();
        Matcher m = FIELD.matcher(s);
        int end = 0;
        while (m.find()) {
            if (m.start() != end) throw new IllegalArgumentException("cannot parse '" + s.substring(end) + "' in " + line);
            if (f.put(m.group(1), Long.parseLong(m.group(2))) != null) {
                throw new IllegalArgumentException("field " + m.group(1) + " twice in " + line);
            }
            end = m.end();
        }
        if (end != s.length()) throw new IllegalArgumentException("cannot parse '" + s.substring(end) + "' in " + line);
        return f;
    }

    private static long need(Map<String, Long> f, String key, String line) {
        Long v = f.get(key);
        if (v == null) throw new IllegalArgumentException("missing " + key + " in " + line);
        return v;
    }
}
