package io.frugal.quant;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fields of Frugal's line-oriented text files (calibration tables, model archive manifests):
 * names URL-encoded so that a value name with spaces stays one field, shapes as "1,3,48,192".
 */
public final class TextFields {
    private TextFields() {}

    public static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    public static String decode(String field) {
        return URLDecoder.decode(field, StandardCharsets.UTF_8);
    }

    public static String dims(long[] shape) {
        StringBuilder b = new StringBuilder();
        for (long x : shape) b.append(b.length() == 0 ? "" : ",").append(x);
        return b.toString();
    }

    public static long[] parseDims(String field) {
        return Arrays.stream(field.split(",")).mapToLong(Long::parseLong).toArray();
    }
}
