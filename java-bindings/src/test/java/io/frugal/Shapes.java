package io.frugal;

import io.frugal.problems.Conv2dProblem;
import io.frugal.problems.MatMulProblem;
import io.frugal.problems.ProblemFile;
import java.util.List;

/**
 * The shape sweeps of the kernel tests: problem files in {@code src/test/resources/io/frugal/},
 * one benchdnn-style problem per line (grammar: {@link Conv2dProblem}, {@link MatMulProblem}).
 */
final class Shapes {
    private Shapes() {}

    static List<Conv2dProblem> conv2d(String resource) {
        return ProblemFile.read(Shapes.class.getResourceAsStream(resource), resource, Conv2dProblem::parse);
    }

    static List<MatMulProblem> matmul(String resource) {
        return ProblemFile.read(Shapes.class.getResourceAsStream(resource), resource, MatMulProblem::parse);
    }
}
