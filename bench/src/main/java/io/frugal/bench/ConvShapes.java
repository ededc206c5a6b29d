package io.frugal.bench;

import io.frugal.problems.Conv2dProblem;
import io.frugal.problems.ProblemFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks' convolution problem files (grammar: {@link Conv2dProblem}), on the classpath
 * under {@code /shapes/}, and how a JMH {@code @Param shape} value selects one.
 */
public final class ConvShapes {
    /** The default problem file of {@link Conv2dBenchmark}. */
    public static final String RESNET50_3X3 = "/shapes/resnet50_3x3.txt";
    /** VGG-19's 3x3 convolutions (benchdnn's shapes_vgg_19 at batch 1). */
    public static final String VGG19_3X3 = "/shapes/vgg19_3x3.txt";
    /** Every problem file in the jar, searched in this order when no file is named. */
    public static final List<String> BUILTIN = List.of(RESNET50_3X3, VGG19_3X3);

    private ConvShapes() {}

    /**
     * Every problem in a classpath resource, or else in a file of that path (a shape file kept
     * outside the jar).
     */
    public static List<Conv2dProblem> load(String resource) {
        InputStream in = ConvShapes.class.getResourceAsStream(resource);
        if (in == null && Files.isRegularFile(Path.of(resource))) {
            try {
                in = Files.newInputStream(Path.of(resource));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ProblemFile.read(in, resource, Conv2dProblem::parse);
    }

    /**
     * The files a {@code @Param shapes} value names: {@code all} (every {@link #BUILTIN} file),
     * a built-in file's base name ({@code resnet50_3x3}, {@code vgg19_3x3}), or a classpath
     * resource or file path as {@link #load} takes it.
     */
    public static List<String> files(String shapes) {
        if (shapes.equals("all")) return BUILTIN;
        for (String f : BUILTIN) {
            if (f.equals("/shapes/" + shapes + ".txt")) return List.of(f);
        }
        return List.of(shapes);
    }

    /**
     * The problem a benchmark parameter names: a line of the resource whose name or short name
     * ({@code res2a_branch2b}) equals key, or else key itself parsed as a problem line, so that
     * {@code -p shape=mb1ic32ih10oc32oh10kh3ph1} works without editing the file.
     */
    public static Conv2dProblem resolve(String resource, String key) {
        return resolve(List.of(resource), key);
    }

    /** Like {@link #resolve(String, String)}, looking in each resource in turn; the first name that matches wins. */
    public static Conv2dProblem resolve(List<String> resources, String key) {
        List<String> names = new ArrayList<>();
        for (String resource : resources) {
            for (Conv2dProblem s : load(resource)) {
                if (!s.name().isEmpty() && (s.name().equals(key) || s.shortName().equals(key))) return s;
                names.add(s.shortName());
            }
        }
        try {
            return Conv2dProblem.parse(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("shape '" + key + "' is neither a name in " + String.join(", ", resources)
                    + " " + names + " nor a problem line (" + e.getMessage() + ")", e);
        }
    }

    /** The short names of a file's named problems, in file order. */
    public static List<String> names(String resource) {
        List<String> names = new ArrayList<>();
        for (Conv2dProblem s : load(resource)) if (!s.name().isEmpty()) names.add(s.shortName());
        return names;
    }

    /**
     * Prints the short names of the files a {@code shapes} value names (default {@code all}),
     * comma-separated, for {@code -p shape=...}: every layer of a file in one JMH run.
     *
     * <pre>
     * java -jar bench/target/benchmarks.jar Int8Conv -p shape=$(java -cp bench/target/benchmarks.jar io.frugal.bench.ConvShapes vgg19_3x3)
     * </pre>
     */
    public static void main(String[] args) {
        List<String> names = new ArrayList<>();
        for (String f : files(args.length > 0 ? args[0] : "all")) names.addAll(names(f));
        System.out.println(String.join(",", names));
    }
}
