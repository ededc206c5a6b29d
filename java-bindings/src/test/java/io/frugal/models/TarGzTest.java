package io.frugal.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The ustar reader on archives written here, byte by byte. */
class TarGzTest {
    /** One ustar header block (+ data + padding). */
    static byte[] entry(String name, String prefix, char type, byte[] data) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", data.length));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        put(h, 345, prefix);
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        int padded = (data.length + 511) / 512 * 512;
        byte[] out = new byte[512 + padded];
        System.arraycopy(h, 0, out, 0, 512);
        System.arraycopy(data, 0, out, 512, data.length);
        return out;
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    static byte[] gzip(byte[]... parts) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            for (byte[] p : parts) {
                gz.write(p);
            }
            gz.write(new byte[1024]);
        }
        return bos.toByteArray();
    }

    private static Map<String, byte[]> extractAll(byte[] tgz) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        TarGz.extract(new ByteArrayInputStream(tgz), path -> new ByteArrayOutputStream() {
            @Override
            public void close() {
                files.put(path, toByteArray());
            }
        });
        return files;
    }

    @Test
    void extractsRegularFilesWithPrefixAndPaxNames() throws IOException {
        byte[] big = new byte[1500];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7);
        }
        String longName = "package/assets/" + "x".repeat(120) + ".onnx";
        String pax = "path=" + longName + "\n";
        String rec = (pax.length() + 4) + " " + pax; // the length counts itself: 3 digits and a space
        byte[] tgz = gzip(entry("package/", "", '5', new byte[0]),
                entry("a.txt", "package", '0', "hello".getBytes(StandardCharsets.UTF_8)),
                entry("ignored", "", 'x', rec.getBytes(StandardCharsets.UTF_8)),
                entry("short", "", '0', big),
                entry("link", "", '2', new byte[0]));
        Map<String, byte[]> files = extractAll(tgz);
        assertEquals(2, files.size(), files.keySet().toString());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), files.get("package/a.txt"));
        assertArrayEquals(big, files.get(longName));
    }

    @Test
    void skipsFilesTheSinkDeclines() throws IOException {
        byte[] tgz = gzip(entry("a", "", '0', new byte[700]), entry("b", "", '0', "B".getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int n = TarGz.extract(new ByteArrayInputStream(tgz), path -> path.equals("b") ? b : null);
        assertEquals(1, n);
        assertEquals("B", b.toString(StandardCharsets.UTF_8));
    }

    @Test
    void truncatedArchiveIsAnIOException() throws IOException {
        byte[] tar = entry("a", "", '0', new byte[2000]);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(tar, 0, 1200);
        }
        IOException e = assertThrows(IOException.class, () -> extractAll(bos.toByteArray()));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void badChecksumAndNonGzipAreIOExceptions() throws IOException {
        byte[] tar = entry("a", "", '0', new byte[10]);
        tar[0] = 'b'; // header changed after its checksum was computed
        IOException e = assertThrows(IOException.class, () -> extractAll(gzip(tar)));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        assertThrows(IOException.class, () -> extractAll("not gzip at all".getBytes(StandardCharsets.UTF_8)));
    }
}
