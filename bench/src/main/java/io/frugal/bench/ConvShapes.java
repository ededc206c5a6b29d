package io.frugal.bench;

import io.frugal.Activation;
import io.frugal.Conv2dParams;
import io.frugal.Layout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Convolution shapes as data: one benchdnn-style problem per line (see the comment at the top of
 * {@code src/main/resources/shapes/resnet50_3x3.txt} for the keys). Accepts benchdnn's shorthand
 * ({@code mb1ic64ih56oc64oh56kh3ph1n"resnet_50:res2a_branch2b*3"}) and the explicit form of the
 * kernel tests' {@code conv2d_shapes.txt} ({@code mb1ic3ih7iw7oc8kh3kw3pt1pl1pb1pr1_nchw_relu}).
 */
public final class ConvShapes {
    /** The default shape file of {@link Conv2dBenchmark}. */
    public static final String RESNET50_3X3 = "/shapes/resnet50_3x3.txt";

    private static final Pattern NAME = Pattern.compile("n\"([^\"]*)\"");
    private static final Pattern FIELD = Pattern.compile("([a-z]+)(\\d+)");
    private static final Set<String> KEYS = Set.of("mb", "g", "ic", "ih", "iw", "oc", "oh", "ow", "kh", "kw", "sh", "sw",
            "dh", "dw", "ph", "pw", "pt", "pl", "pb", "pr");

    private ConvShapes() {}

    /**
     * One problem.
     *
     * @param name   the {@code n"..."} name ("" if none)
     * @param line   the line as written, comments stripped
     * @param params the problem; layout NCHW unless the line names one
     * @param bias   false for a {@code _nobias} line
     */
    public record Shape(String name, String line, Conv2dParams params, boolean bias) {
        /** The name without its model prefix and repeat count: {@code res2a_branch2b}. */
        public String shortName() {
            String s = name;
            int colon = s.lastIndexOf(':');
            if (colon >= 0) s = s.substring(colon + 1);
            int star = s.indexOf('*');
            return star >= 0 ? s.substring(0, star) : s;
        }

        /** The same problem in another layout. */
        public Conv2dParams params(Layout layout) {
            Conv2dParams p = params;
            return new Conv2dParams(p.batch(), p.inChannels(), p.inH(), p.inW(), p.outChannels(), p.kernelH(), p.kernelW(),
                    p.strideH(), p.strideW(), p.padTop(), p.padLeft(), p.padBottom(), p.padRight(), p.dilationH(),
                    p.dilationW(), p.groups(), layout, p.activation());
        }

        /** FLOPs of one run as benchdnn counts them: 2*MB*OC*OH*OW*(IC/G)*KH*KW. */
        public double flops() {
            return 2.0 * params.macs();
        }

        /** A short label for tables: {@code 64@56x56 k3x3}, with the output channels and stride when they differ. */
        public String label() {
            Conv2dParams p = params;
            StringBuilder b = new StringBuilder().append(p.inChannels());
            if (p.outChannels() != p.inChannels()) b.append("->").append(p.outChannels());
            b.append('@').append(p.inH()).append('x').append(p.inW()).append(" k").append(p.kernelH()).append('x')
                    .append(p.kernelW());
            if (p.strideH() != 1 || p.strideW() != 1) b.append(" s").append(p.strideH()).append('x').append(p.strideW());
            if (p.groups() != 1) b.append(" g").append(p.groups());
            if (p.batch() != 1) b.append(" mb").append(p.batch());
            return b.toString();
        }
    }

    /** Every problem in a classpath resource. */
    public static List<Shape> load(String resource) {
        List<Shape> out = new ArrayList<>();
        try (InputStream in = ConvShapes.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("shape file " + resource + " is not on the classpath");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int number = 0;
            for (String raw; (raw = r.readLine()) != null; ) {
                number++;
                int hash = raw.indexOf('#');
                String s = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
                if (s.isEmpty()) continue;
                try {
                    out.add(parse(s));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(resource + ":" + number + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * The problem a benchmark parameter names: a line of the resource whose name or short name
     * ({@code res2a_branch2b}) equals key, or else key itself parsed as a descriptor, so that
     * {@code -p shape=mb1ic32ih10oc32oh10kh3ph1} works without editing the file.
     */
    public static Shape resolve(String resource, String key) {
        List<Shape> shapes = load(resource);
        for (Shape s : shapes) {
            if (!s.name().isEmpty() && (s.name().equals(key) || s.shortName().equals(key))) return s;
        }
        try {
            return parse(key);
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (Shape s : shapes) names.add(s.shortName());
            throw new IllegalArgumentException("shape '" + key + "' is neither a name in " + resource + " " + names
                    + " nor a descriptor (" + e.getMessage() + ")", e);
        }
    }

    /** One line: {@code <fields>[_<layout>[_<activation>[_nobias]]]}, with the name anywhere as {@code n"..."}. */
    public static Shape parse(String line) {
        String name = "";
        String s = line.trim();
        Matcher nm = NAME.matcher(s);
        if (nm.find()) {
            name = nm.group(1);
            s = (s.substring(0, nm.start()) + s.substring(nm.end())).trim();
        }
        String[] parts = s.split("_");
        Map<String, Long> f = fields(parts[0], line);
        Layout layout = parts.length > 1 ? Layout.valueOf(parts[1].toUpperCase()) : Layout.NCHW;
        Activation act = parts.length > 2 ? activation(parts[2]) : Activation.none();
        boolean bias = !(parts.length > 3 && parts[3].equals("nobias"));

        long ih = need(f, "ih", line), iw = f.getOrDefault("iw", ih);
        long kh = need(f, "kh", line), kw = f.getOrDefault("kw", kh);
        long sh = f.getOrDefault("sh", 1L), sw = f.getOrDefault("sw", sh);
        long dh = f.getOrDefault("dh", 1L), dw = f.getOrDefault("dw", dh);
        long ph = f.getOrDefault("ph", 0L), pw = f.getOrDefault("pw", ph);
        long pt = f.getOrDefault("pt", ph), pl = f.getOrDefault("pl", pw);
        // benchdnn: the bottom/right padding is whatever makes oh/ow come out; without oh/ow, symmetric.
        long pb = f.containsKey("pb") ? f.get("pb") : f.containsKey("oh") ? endPad(f.get("oh"), ih, kh, sh, dh, pt) : pt;
        // benchdnn squares what is not given: ow follows oh only when iw followed ih.
        long ow = f.containsKey("ow") ? f.get("ow") : !f.containsKey("iw") && f.containsKey("oh") ? f.get("oh") : -1;
        long pr = f.containsKey("pr") ? f.get("pr") : ow >= 0 ? endPad(ow, iw, kw, sw, dw, pl) : pl;
        if (pb < 0 || pr < 0) throw new IllegalArgumentException("oh/ow too small for the input and padding in " + line);

        Conv2dParams p = Conv2dParams.builder()
                .batch(f.getOrDefault("mb", 1L))
                .groups(f.getOrDefault("g", 1L))
                .input(need(f, "ic", line), ih, iw)
                .outChannels(need(f, "oc", line))
                .kernel(kh, kw)
                .stride(sh, sw)
                .dilation(dh, dw)
                .padding(pt, pl, pb, pr)
                .layout(layout)
                .activation(act)
                .build();
        if (f.containsKey("oh") && p.outH() != f.get("oh") || ow >= 0 && p.outW() != ow) {
            throw new IllegalArgumentException("oh/ow in " + line + " disagree with the output " + p.outH() + "x" + p.outW());
        }
        return new Shape(name, line, p, bias);
    }

    /** Activations by the names the test shape files use. */
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

    /** The end padding that gives out outputs: (out-1)*stride + (k-1)*dilation + 1 - in - begin. */
    private static long endPad(long out, long in, long k, long stride, long dilation, long begin) {
        return (out - 1) * stride + (k - 1) * dilation + 1 - in - begin;
    }

    private static Map<String, Long> fields(String s, String line) {
        Map<String, Long> f = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(s);
        int end = 0;
        while (m.find()) {
            if (m.start() != end) throw new IllegalArgumentException("cannot parse '" + s.substring(end) + "' in " + line);
            if (f.put(m.group(1), Long.parseLong(m.group(2))) != null) {
                throw new IllegalArgumentException("field " + m.group(1) + " twice in " + line);
            }
            end = m.end();
        }
        if (end != s.length() || end == 0) {
            throw new IllegalArgumentException("cannot parse '" + s.substring(end) + "' in " + line);
        }
        for (String key : f.keySet()) {
            if (!KEYS.contains(key)) throw new IllegalArgumentException("unknown key '" + key + "' in " + line);
        }
        return f;
    }

    private static long need(Map<String, Long> f, String key, String line) {
        Long v = f.get(key);
        if (v == null) throw new IllegalArgumentException("missing " + key + " in " + line);
        return v;
    }
}
