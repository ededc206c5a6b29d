package io.frugal.bench;

import io.frugal.problems.Conv2dProblem;
import io.frugal.problems.ProblemFile;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks' convolution problem files (grammar: {@link Conv2dProblem}), on the classpath
 * under {@code /shapes/}, and how a JMH {@code @Param shape} value selects one.
 */
public final class ConvShapes {
    /** The default problem file of {@link Conv2dBenchmark}. */
    public static final String RESNET50_3X3 = "/shapes/resnet50_3x3.txt";

    private ConvShapes() {}

    /** Every problem in a classpath resource. */
    public static List<Conv2dProblem> load(String resource) {
        return ProblemFile.read(ConvShapes.class.getResourceAsStream(resource), resource, Conv2dProblem::parse);
    }

    /**
     * The problem a benchmark parameter names: a line of the resource whose name or short name
     * ({@code res2a_branch2b}) equals key, or else key itself parsed as a problem line, so that
     * {@code -p shape=mb1ic32ih10oc32oh10kh3ph1} works without editing the file.
     */
    public static Conv2dProblem resolve(String resource, String key) {
        List<Conv2dProblem> shapes = load(resource);
        for (Conv2dProblem s : shapes) {
            if (!s.name().isEmpty() && (s.name().equals(key) || s.shortName().equals(key))) return s;
        }
        try {
            return Conv2dProblem.parse(key);
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (Conv2dProblem s : shapes) names.add(s.shortName());
            throw new IllegalArgumentException("shape '" + key + "' is neither a name in " + resource + " " + names
                    + " nor a problem line (" + e.getMessage() + ")", e);
        }
    }
}
