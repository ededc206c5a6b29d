package io.frugal.runtime;

import io.frugal.graph.Graph;
import io.frugal.onnx.OnnxImporter;
import io.frugal.plan.Device;
import io.frugal.plan.Plan;
import io.frugal.plan.Precision;
import io.frugal.quant.CalibrationTable;
import io.frugal.quant.TextFields;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A compiled model on disk ({@code .frugal}): everything that decides what a {@link CompiledModel}
 * computes — the ONNX model, the input shapes, the plan resolved to node names, and the
 * calibration table — so that loading compiles exactly the same operators without calibrating
 * again. A zip of {@code manifest.txt}, {@code model.onnx} and {@code calibration.txt}.
 *
 * <p>Packed weights are not stored: they are a pure function of the model and the plan, and
 * repacking takes milliseconds while a kernel-specific blob would tie the file to one CPU.
 */
public final class ModelArchive {
    static final String MAGIC = "frugal-model 1";

    private final byte[] onnx;
    private final String source;
    private final Map<String, long[]> inputShapes;
    private final Plan plan;
    private final CalibrationTable calibration;

    private ModelArchive(byte[] onnx, String source, Map<String, long[]> inputShapes, Plan plan, CalibrationTable calibration) {
        this.onnx = onnx;
        this.source = source;
        Map<String, long[]> shapes = new LinkedHashMap<>();
        inputShapes.forEach((k, v) -> shapes.put(k, v.clone()));
        this.inputShapes = java.util.Collections.unmodifiableMap(shapes);
        this.plan = plan;
        this.calibration = calibration;
    }

    /**
     * The archive of a compiled model: onnx must be the bytes its graph was imported from; the plan
     * is resolved against the compiled graph (rules become node names). calibration may be null
     * when no node runs in INT8.
     */
    public static ModelArchive of(byte[] onnx, String source, CompiledModel compiled, CalibrationTable calibration) {
        Objects.requireNonNull(onnx, "onnx bytes are null");
        Objects.requireNonNull(compiled, "compiled model is null");
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (io.frugal.graph.Value v : compiled.inputs()) shapes.put(v.name(), v.shape());
        return new ModelArchive(onnx.clone(), Objects.requireNonNullElse(source, "model.onnx"), shapes,
                compiled.plan().resolve(compiled.graph()), calibration);
    }

    public Map<String, long[]> inputShapes() {
        return inputShapes;
    }

    /** The plan as node names (no rules). */
    public Plan plan() {
        return plan;
    }

    /** The calibration table, or null. */
    public CalibrationTable calibration() {
        return calibration;
    }

    /** The imported ONNX model. */
    public io.frugal.onnx.OnnxModel onnxModel() {
        return OnnxImporter.load(onnx, source);
    }

    /** The imported ONNX graph. */
    public Graph graph() {
        return onnxModel().graph();
    }

    /** Compiles the stored model with its plan and calibration (no calibration runs). */
    public CompiledModel compile() {
        return CompiledModel.compile(graph(), inputShapes, plan, calibration);
    }

    public void save(Path file) throws IOException {
        List<String> manifest = new ArrayList<>();
        manifest.add(MAGIC);
        manifest.add("source " + TextFields.encode(source));
        manifest.add("onnx-sha256 " + sha256(onnx));
        inputShapes.forEach((k, v) -> manifest.add("input " + TextFields.encode(k) + " " + TextFields.dims(v)));
        manifest.add("device " + plan.device());
        manifest.add("default " + plan.defaultPrecision());
        plan.byName().forEach((k, v) -> manifest.add("node " + TextFields.encode(k) + " " + v));
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, "manifest.txt", String.join("\n", manifest).concat("\n").getBytes(StandardCharsets.UTF_8));
            put(zip, "model.onnx", onnx);
            if (calibration != null) {
                put(zip, "calibration.txt", String.join("\n", calibration.toLines()).concat("\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Reads what {@link #save} wrote; anything else is an IOException naming the file and the problem. */
    public static ModelArchive load(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) entries.put(e.getName(), readAll(zip));
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + ": not a Frugal model archive (" + e.getMessage() + ")", e);
        }
        byte[] manifestBytes = entries.get("manifest.txt");
        byte[] onnx = entries.get("model.onnx");
        if (manifestBytes == null || onnx == null) throw new IOException(file + ": not a Frugal model archive (no manifest.txt or model.onnx)");
        List<String> lines = new String(manifestBytes, StandardCharsets.UTF_8).lines().toList();
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
            throw new IOException(file + ": manifest.txt does not start with '" + MAGIC + "'");
        }
        String source = "model.onnx";
        String sha = null;
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Plan.Builder plan = Plan.builder();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] f = line.split(" ");
            try {
                switch (f[0]) {
                    case "source" -> source = TextFields.decode(f[1]);
                    case "onnx-sha256" -> sha = f[1];
                    case "input" -> shapes.put(TextFields.decode(f[1]), TextFields.parseDims(f[2]));
                    case "device" -> plan.device(Device.valueOf(f[1]));
                    case "default" -> plan.defaultPrecision(Precision.valueOf(f[1]));
                    case "node" -> plan.node(TextFields.decode(f[1]), Precision.valueOf(f[2]));
                    default -> throw new IOException("unknown entry '" + f[0] + "'");
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException(file + ": manifest.txt line " + (i + 1) + " '" + line + "': " + e.getMessage(), e);
            }
        }
        if (sha != null && !sha.equals(sha256(onnx))) throw new IOException(file + ": model.onnx does not match its checksum (damaged file)");
        CalibrationTable calibration = null;
        byte[] cal = entries.get("calibration.txt");
        if (cal != null) {
            calibration = CalibrationTable.parse(new String(cal, StandardCharsets.UTF_8).lines().toList(), file + "!calibration.txt");
        }
        return new ModelArchive(onnx, source, shapes, plan.build(), calibration);
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
