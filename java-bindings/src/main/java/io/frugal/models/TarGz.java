package io.frugal.models;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * A minimal reader of gzip-compressed ustar archives (what {@code npm pack} writes): regular files
 * only, names from the ustar prefix and name fields or a preceding PAX {@code path} record; other
 * entries (folders, links, PAX and GNU headers) are skipped.
 */
final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {
    }

    /** Where extracted files go. */
    interface Sink {
        /** A stream for the file at {@code path}, or {@code null} to skip it. */
        OutputStream open(String path) throws IOException;
    }

    /**
     * Calls {@code sink} with each regular file's path; when it returns a stream, the file's bytes are
     * copied into it (and the stream closed).
     *
     * @return the number of files copied
     * @throws IOException on a truncated or malformed archive, or when the sink's stream fails
     */
    static int extract(InputStream gz, Sink sink) throws IOException {
        int copied = 0;
        try (InputStream in = new GZIPInputStream(gz, 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String paxPath = null;
            while (true) {
                if (!readFully(in, header)) {
                    throw new EOFException("tar archive ends without its end-of-archive blocks");
                }
                if (isZero(header)) {
                    return copied;
                }
                checkChecksum(header);
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                String name = paxPath != null ? paxPath : name(header);
                paxPath = null;
                if (type == 'x') {
                    paxPath = paxPath(readBytes(in, size));
                    skip(in, padding(size));
                    continue;
                }
                if (type == '0' || type == '\0' || type == '7') {
                    OutputStream out = sink.open(name);
                    if (out != null) {
                        try (OutputStream o = out) {
                            copy(in, o, size);
                        }
                        copied++;
                    } else {
                        skip(in, size);
                    }
                    skip(in, padding(size));
                } else {
                    skip(in, size + padding(size));
                }
            }
        }
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = cString(h, 257, 6).startsWith("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(byte[] records) throws IOException {
        // Records: "<len> <key>=<value>\n"
        String path = null;
        int i = 0;
        while (i < records.length) {
            int sp = i;
            while (sp < records.length && records[sp] != ' ') {
                sp++;
            }
            int len;
            try {
                len = Integer.parseInt(new String(records, i, sp - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("malformed PAX header record");
            }
            if (len <= 0 || i + len > records.length) {
                throw new IOException("malformed PAX header record length " + len);
            }
            String rec = new String(records, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8);
            if (rec.startsWith("path=")) {
                path = rec.substring(5);
            }
            i += len;
        }
        return path;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) throws IOException {
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (b[i] == ' ' || b[i] == 0)) {
            i++;
        }
        boolean digits = false;
        for (; i < end && b[i] != 0 && b[i] != ' '; i++) {
            if (b[i] < '0' || b[i] > '7') {
                throw new IOException("malformed tar header: bad octal field at offset " + off);
            }
            v = v * 8 + (b[i] - '0');
            digits = true;
            if (v > (1L << 40)) {
                throw new IOException("tar entry too large");
            }
        }
        if (!digits) {
            throw new IOException("malformed tar header: empty octal field at offset " + off);
        }
        return v;
    }

    private static void checkChecksum(byte[] h) throws IOException {
        long stored = octal(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xFF);
        }
        if (sum != stored) {
            throw new IOException("malformed tar header: checksum " + stored + ", computed " + sum);
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int n = 0;
        while (n < b.length) {
            int r = in.read(b, n, b.length - n);
            if (r < 0) {
                if (n == 0) {
                    return false;
                }
                throw new EOFException("tar archive truncated inside a header");
            }
            n += r;
        }
        return true;
    }

    private static byte[] readBytes(InputStream in, long size) throws IOException {
        if (size > (1 << 20)) {
            throw new IOException("PAX header of " + size + " bytes");
        }
        byte[] b = new byte[(int) size];
        if (size > 0 && !readFully(in, b)) {
            throw new EOFException("tar archive truncated");
        }
        return b;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException("tar archive truncated inside a file (" + left + " bytes missing)");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        byte[] buf = new byte[BLOCK * 16];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException("tar archive truncated");
            }
            left -= r;
        }
    }
}
