package io.frugal.cli;

import io.frugal.graph.Graph;
import io.frugal.graph.Value;
import io.frugal.models.OcrModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The static input shapes a command compiles a model for: given ones ({@code --input-shape
 * x=1,3,48,192}), else the shape stored in the model when fully known, else the usual shape of a
 * known PaddleOCR model; {@code --batch} then replaces the first dimension.
 */
final class InputShapes {
    private InputShapes() {}

    static Map<String, long[]> resolve(Graph g, Path model, List<String> given, Integer batch) {
        Map<String, long[]> parsed = new LinkedHashMap<>();
        for (String s : given) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--input-shape '" + s + "' is not NAME=D0,D1,...");
            try {
                long[] dims = Arrays.stream(s.substring(eq + 1).split(",")).mapToLong(d -> Long.parseLong(d.trim())).toArray();
                parsed.put(s.substring(0, eq), dims);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--input-shape '" + s + "': dimensions must be integers");
            }
        }
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Value v : g.inputs()) {
            long[] shape = parsed.remove(v.name());
            if (shape == null && v.isFullyKnown()) shape = v.shape();
            if (shape == null && g.inputs().size() == 1) {
                shape = OcrModel.byFileName(model.getFileName().toString()).map(OcrModel::inputShape).orElse(null);
            }
            if (shape == null) {
                throw new IllegalArgumentException("input '" + v.name() + "' " + v.shapeString()
                        + " has unknown dimensions; give them with --input-shape " + v.name() + "=D0,D1,...");
            }
            if (batch != null) {
                if (batch < 1) throw new IllegalArgumentException("--batch must be positive, got " + batch);
                shape = shape.clone();
                shape[0] = batch;
            }
            out.put(v.name(), shape);
        }
        if (!parsed.isEmpty()) {
            throw new IllegalArgumentException("--input-shape names " + parsed.keySet() + ", which the model does not take; it takes "
                    + g.inputs().stream().map(Value::name).toList());
        }
        return out;
    }
}
