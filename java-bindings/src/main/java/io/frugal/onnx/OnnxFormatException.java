package io.frugal.onnx;

/**
 * An ONNX file Frugal cannot import: not a model (truncated, garbage), a structure the importer
 * refuses (unsupported opset, external data, a cycle, a dangling name). The message starts with the
 * file (or source) name.
 */
public class OnnxFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;

    public OnnxFormatException(String source, String message) {
        super(source + ": " + message);
        this.source = source;
    }

    public OnnxFormatException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
        this.source = source;
    }

    /** The file or source name the model came from. */
    public String source() {
        return source;
    }
}
