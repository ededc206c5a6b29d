package io.frugal.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** ONNX Runtime (CPU) on model bytes, for tests of exported models. */
public final class OrtRun implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    /** A session with full graph optimization. */
    public OrtRun(byte[] model) throws OrtException {
        this(model, null);
    }

    /** A session with full graph optimization that writes the optimized model to optimizedModel (null: not). */
    public OrtRun(byte[] model, Path optimizedModel) throws OrtException {
        this(model, optimizedModel, OrtSession.SessionOptions.OptLevel.ALL_OPT);
    }

    /** A session at the given optimization level (NO_OPT runs a QDQ model as written: float ops on dequantized values). */
    public OrtRun(byte[] model, Path optimizedModel, OrtSession.SessionOptions.OptLevel level) throws OrtException {
        this(model, optimizedModel, level, Map.of());
    }

    /** A session at the given optimization level with session config entries (e.g. session.qdqisint8allowed). */
    public OrtRun(byte[] model, Path optimizedModel, OrtSession.SessionOptions.OptLevel level, Map<String, String> config)
            throws OrtException {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(level);
            for (Map.Entry<String, String> e : config.entrySet()) o.addConfigEntry(e.getKey(), e.getValue());
            if (optimizedModel != null) o.setOptimizedModelFilePath(optimizedModel.toString());
            session = env.createSession(model, o);
        }
    }

    /** Runs on one float input per name (with its shape); every output as a flat float array. */
    public Map<String, float[]> run(Map<String, float[]> data, Map<String, long[]> shapes) throws OrtException {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, float[]> e : data.entrySet()) {
                feeds.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue()), shapes.get(e.getKey())));
            }
            try (OrtSession.Result r = session.run(feeds)) {
                Map<String, float[]> out = new LinkedHashMap<>();
                for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : r) {
                    FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
                    float[] a = new float[fb.remaining()];
                    fb.get(a);
                    out.put(e.getKey(), a);
                }
                return out;
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    /** Node count per op type ("domain:Op" outside the default domain) of a saved model. */
    public static Map<String, Integer> opCounts(Path model) throws IOException {
        OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(model));
        Map<String, Integer> counts = new TreeMap<>();
        for (OnnxMl.NodeProto n : m.getGraph().getNodeList()) {
            String d = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? "" : n.getDomain() + ":";
            counts.merge(d + n.getOpType(), 1, Integer::sum);
        }
        return counts;
    }

    /** ||a - b|| / ||b|| in double. */
    public static double relativeL2(float[] a, float[] b) {
        if (a.length != b.length) throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            num += d * d;
            den += (double) b[i] * b[i];
        }
        return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
