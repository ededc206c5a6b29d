package io.frugal.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs after packaging (failsafe): a fresh JVM with only the packaged jars on its class path
 * (no target/classes) and an empty JavaCPP cache must extract and load the natives from the
 * linux-x86_64 jar and compute a convolution that agrees with the reference.
 */
class PackagedJarIT {
    @TempDir
    Path cache;

    @Test
    void nativesLoadFromThePackagedJarIntoAnEmptyCache() throws IOException, InterruptedException {
        String jar = System.getProperty("frugal.jar");
        String natives = System.getProperty("frugal.natives.jar");
        String lib = System.getProperty("frugal.lib.dir");
        assertTrue(new File(jar).isFile(), "main jar missing: " + jar);
        assertTrue(new File(natives).isFile(), "natives jar missing: " + natives);
        try (Stream<Path> before = Files.list(cache)) {
            assertEquals(0, before.count(), "the cache must start empty");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = String.join(File.pathSeparator, jar, natives, lib + File.separator + "*");
        Process p = new ProcessBuilder(List.of(java, "-Dorg.bytedeco.javacpp.cachedir=" + cache, "-cp", classPath,
                "io.frugal.cli.FrugalCli", "smoke", "--channels", "8", "--size", "9", "--runs", "1"))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the packaged CLI did not finish");
        assertEquals(0, p.exitValue(), "packaged CLI failed:\n" + output);
        assertTrue(output.contains("relative L2"), output);
        try (Stream<Path> files = Files.walk(cache)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertTrue(names.contains("libfrugal.so"), "libfrugal.so not extracted: " + names);
            assertTrue(names.contains("libjniFrugalNative.so"), "JNI library not extracted: " + names);
            assertTrue(names.contains("libdnnl.so.3"), "oneDNN not extracted: " + names);
        }
    }
}
