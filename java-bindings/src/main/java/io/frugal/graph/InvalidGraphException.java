package io.frugal.graph;

import java.util.List;

/** A graph breaks a structural rule: a cycle, a dangling name, a value produced twice. */
public class InvalidGraphException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems one message per problem, each naming the node concerned */
    public InvalidGraphException(String graphName, List<String> problems) {
        super("invalid graph '" + graphName + "': " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, one message each. */
    public List<String> problems() {
        return problems;
    }
}
