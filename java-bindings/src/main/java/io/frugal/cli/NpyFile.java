package io.frugal.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's .npy format (versions 1 to 3), for float arrays in C order: read little-endian float32
 * or float64 (converted), write float32. What {@code numpy.save} writes and {@code numpy.load} reads.
 */
record NpyFile(long[] shape, float[] data) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    static NpyFile read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        for (byte m : MAGIC) {
            if (!b.hasRemaining() || b.get() != m) throw new IOException(file + ": not a .npy file (bad magic)");
        }
        if (b.remaining() < 4) throw new IOException(file + ": truncated header");
        int major = b.get() & 0xff;
        b.get();
        long headerLen = major == 1 ? b.getShort() & 0xffff : major <= 3 ? b.getInt() & 0xffffffffL : -1;
        if (headerLen < 0) throw new IOException(file + ": .npy version " + major + " is not supported");
        if (headerLen > b.remaining()) throw new IOException(file + ": truncated header");
        String header = new String(all, b.position(), (int) headerLen, StandardCharsets.ISO_8859_1);
        b.position(b.position() + (int) headerLen);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new IOException(file + ": header without descr, fortran_order or shape: " + header);
        if (f.group(1).equals("True")) throw new IOException(file + ": Fortran-order arrays are not supported; save with C order");
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            if (!part.isBlank()) dims.add(Long.parseLong(part.trim()));
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long dim : shape) count = Math.multiplyExact(count, dim);
        String descr = d.group(1);
        int width = switch (descr) {
            case "<f4" -> 4;
            case "<f8" -> 8;
            default -> throw new IOException(file + ": dtype '" + descr + "' is not supported; use float32 ('<f4') or float64");
        };
        if ((long) b.remaining() != count * width) {
            throw new IOException(file + ": " + b.remaining() + " data bytes for shape " + java.util.Arrays.toString(shape)
                    + " of " + descr + " (expected " + count * width + ")");
        }
        float[] data = new float[(int) count];
        for (int i = 0; i < data.length; i++) data[i] = width == 4 ? b.getFloat() : (float) b.getDouble();
        return new NpyFile(shape, data);
    }

    void write(Path file) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) dims.append(d).append(", ");
        if (shape.length > 1) dims.setLength(dims.length() - 1);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims.toString().trim() + "), }";
        // Pad with spaces so the data starts on a 64-byte boundary; the header ends in a newline.
        int total = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (float v : data) b.putFloat(v);
        Files.write(file, b.array());
    }
}
