package io.frugal.quant;

import io.frugal.graph.Graph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The result of calibrating one model: the range of every value its FP32 run wrote, with the
 * method that chose the thresholds, the input shapes and the model's {@link GraphFingerprint}.
 * Immutable. Saves to and loads from a small text file, so a model is calibrated once.
 */
public final class CalibrationTable {
    static final String MAGIC = "frugal-calibration 1";

    private final String fingerprint;
    private final RangeMethod method;
    private final double percentile;
    private final int samples;
    private final Map<String, long[]> inputShapes;
    private final Map<String, TensorRange> ranges;

    public CalibrationTable(String fingerprint, RangeMethod method, double percentile, int samples, Map<String, long[]> inputShapes,
                            Map<String, TensorRange> ranges) {
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint is null");
        this.method = Objects.requireNonNull(method, "method is null");
        this.percentile = percentile;
        this.samples = samples;
        Map<String, long[]> shapes = new LinkedHashMap<>();
        inputShapes.forEach((k, v) -> shapes.put(k, v.clone()));
        this.inputShapes = java.util.Collections.unmodifiableMap(shapes);
        this.ranges = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
    }

    public String fingerprint() { return fingerprint; }

    public RangeMethod method() { return method; }

    /** The percentile (in percent) PERCENTILE used. */
    public double percentile() { return percentile; }

    /** How many calibration samples (runs) the ranges come from. */
    public int samples() { return samples; }

    public Map<String, long[]> inputShapes() { return inputShapes; }

    public Map<String, TensorRange> ranges() { return ranges; }

    /** The range of a value; an error naming it when the table has none. */
    public TensorRange range(String value) {
        TensorRange r = ranges.get(value);
        if (r == null) throw new IllegalArgumentException("no calibrated range for value '" + value + "'");
        return r;
    }

    /** Refuses a table made for another graph (compared by fingerprint), naming both. */
    public void checkMatches(Graph graph, String source) {
        String actual = GraphFingerprint.of(graph);
        if (!actual.equals(fingerprint)) {
            throw new IllegalArgumentException(source + " was calibrated for model " + fingerprint.substring(0, 16)
                    + "…, not this one (" + actual.substring(0, 16) + "…): calibrate this model again");
        }
    }

    public void save(Path file) throws IOException {
        Files.write(file, toLines(), StandardCharsets.UTF_8);
    }

    /** The table in its text format, one entry per line (what {@link #save} writes). */
    public List<String> toLines() {
        List<String> lines = new ArrayList<>();
        lines.add(MAGIC);
        lines.add("model " + fingerprint);
        lines.add("method " + method);
        lines.add("percentile " + percentile);
        lines.add("samples " + samples);
        inputShapes.forEach((k, v) -> lines.add("input " + TextFields.encode(k) + " " + TextFields.dims(v)));
        for (TensorRange r : ranges.values()) {
            lines.add(String.format(Locale.ROOT, "range %s %s %s %s %s %s", TextFields.encode(r.value()), Double.toString(r.min()),
                    Double.toString(r.max()), Double.toString(r.absMax()), Double.toString(r.threshold()), r.unsigned() ? "u8" : "s8"));
        }
        return lines;
    }

    /** Reads a file save wrote; a different or damaged file is an IOException naming the line. */
    public static CalibrationTable load(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Reads lines {@link #toLines} wrote; source names them in errors. */
    public static CalibrationTable parse(List<String> lines, String source) throws IOException {
        String file = source;
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) throw new IOException(file + ": not a Frugal calibration file (first line should be '" + MAGIC + "')");
        String model = null;
        RangeMethod method = null;
        double percentile = 0;
        int samples = 0;
        Map<String, long[]> inputs = new LinkedHashMap<>();
        Map<String, TensorRange> ranges = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] f = line.split(" ");
            try {
                switch (f[0]) {
                    case "model" -> model = f[1];
                    case "method" -> method = RangeMethod.valueOf(f[1]);
                    case "percentile" -> percentile = Double.parseDouble(f[1]);
                    case "samples" -> samples = Integer.parseInt(f[1]);
                    case "input" -> inputs.put(TextFields.decode(f[1]), TextFields.parseDims(f[2]));
                    case "range" -> {
                        String v = TextFields.decode(f[1]);
                        ranges.put(v, new TensorRange(v, Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                                Double.parseDouble(f[5]), f[6].equals("u8")));
                    }
                    default -> throw new IOException(file + ":" + (i + 1) + ": unknown entry '" + f[0] + "'");
                }
            } catch (RuntimeException e) {
                throw new IOException(file + ":" + (i + 1) + ": cannot read '" + line + "': " + e.getMessage(), e);
            }
        }
        if (model == null || method == null) throw new IOException(file + ": the model fingerprint or the method is missing");
        return new CalibrationTable(model, method, percentile, samples, inputs, ranges);
    }

}
