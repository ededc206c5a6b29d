package io.frugal.problems;

import io.frugal.Activation;
import io.frugal.Conv2dParams;
import io.frugal.Layout;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A convolution problem written as benchdnn writes it, plus the bias flag and an optional name.
 *
 * <p>Grammar: {@code <fields>[_<layout>[_<activation>[_nobias]]]} with {@code n"name"} anywhere.
 * Fields are benchdnn's keys {@code mb g ic ih iw oc oh ow kh kw sh sw ph pw} (with benchdnn's
 * defaults: mb1 g1, iw=ih, kw=kh, sw=sh, pw=ph, ow=oh, bottom/right padding following from
 * oh/ow) and explicit {@code pt pl pb pr dh dw}. Dilation is ONNX's (1 = none), not benchdnn's
 * 0-based one. {@link #descriptor} writes any {@link Conv2dParams} back in this grammar.
 *
 * @param name   the {@code n"..."} name ("" if none)
 * @param line   the line as written
 * @param params the problem (NCHW unless the line names a layout)
 * @param bias   false for a {@code _nobias} line
 */
public record Conv2dProblem(String name, String line, Conv2dParams params, boolean bias) {
    private static final Pattern NAME = Pattern.compile("n\"([^\"]*)\"");
    private static final Pattern FIELD = Pattern.compile("([a-z]+)(\\d+)");
    private static final Set<String> KEYS = Set.of("mb", "g", "ic", "ih", "iw", "oc", "oh", "ow", "kh", "kw", "sh", "sw",
            "dh", "dw", "ph", "pw", "pt", "pl", "pb", "pr");

    /** Parses one line; IllegalArgumentException names what could not be read. */
    public static Conv2dProblem parse(String line) {
        String name = "";
        String s = line.trim();
        Matcher nm = NAME.matcher(s);
        if (nm.find()) {
            name = nm.group(1);
            s = (s.substring(0, nm.start()) + s.substring(nm.end())).trim();
        }
        String[] parts = s.split("_");
        Map<String, Long> f = fields(parts[0], line, KEYS);
        Layout layout = parts.length > 1 ? layout(parts[1], line) : Layout.NCHW;
        Activation act = parts.length > 2 ? ProblemFile.activation(parts[2]) : Activation.none();
        if (parts.length > 3 && !parts[3].equals("nobias")) {
            throw new IllegalArgumentException("expected _nobias, got _" + parts[3] + " in " + line);
        }
        boolean bias = parts.length <= 3;

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
        return new Conv2dProblem(name, line, p, bias);
    }

    /** Every field spelled out: {@code mb1g1ic64ih56iw56oc64oh56ow56kh3kw3sh1sw1dh1dw1pt1pl1pb1pr1_nhwc_relu}. */
    public static String descriptor(Conv2dParams p) {
        return String.format(Locale.ROOT, "mb%dg%dic%dih%diw%doc%doh%dow%dkh%dkw%dsh%dsw%ddh%ddw%dpt%dpl%dpb%dpr%d_%s_%s",
                p.batch(), p.groups(), p.inChannels(), p.inH(), p.inW(), p.outChannels(), p.outH(), p.outW(), p.kernelH(),
                p.kernelW(), p.strideH(), p.strideW(), p.dilationH(), p.dilationW(), p.padTop(), p.padLeft(),
                p.padBottom(), p.padRight(), p.layout().name().toLowerCase(Locale.ROOT),
                ProblemFile.activationName(p.activation()));
    }

    /** The name without its model prefix and repeat count: {@code resnet_50:res2a_branch2b*3} gives {@code res2a_branch2b}. */
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

    /** A short label for tables: {@code 64@56x56 k3x3}, with output channels, stride, groups and batch when notable. */
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

    @Override
    public String toString() {
        return line;
    }

    private static Layout layout(String s, String line) {
        try {
            return Layout.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown layout '" + s + "' in " + line);
        }
    }

    /** The end padding that gives out outputs: (out-1)*stride + (k-1)*dilation + 1 - in - begin. */
    private static long endPad(long out, long in, long k, long stride, long dilation, long begin) {
        return (out - 1) * stride + (k - 1) * dilation + 1 - in - begin;
    }

    /** The key/number pairs of s, each key once and from keys. */
    static Map<String, Long> fields(String s, String line, Set<String> keys) {
        Map<String, Long> f = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(s);
        int end = 0;
        while (m.find()) {
            if (m.start() != end) throw new IllegalArgumentException("cannot parse '" + s.substring(end) + "' in " + line);
            if (!keys.contains(m.group(1))) throw new IllegalArgumentException("unknown key '" + m.group(1) + "' in " + line);
            if (f.put(m.group(1), Long.parseLong(m.group(2))) != null) {
                throw new IllegalArgumentException("field " + m.group(1) + " twice in " + line);
            }
            end = m.end();
        }
        if (end != s.length() || end == 0) {
            throw new IllegalArgumentException("cannot parse '" + s.substring(end) + "' in " + line);
        }
        return f;
    }

    static long need(Map<String, Long> f, String key, String line) {
        Long v = f.get(key);
        if (v == null) throw new IllegalArgumentException("missing " + key + " in " + line);
        return v;
    }
}
