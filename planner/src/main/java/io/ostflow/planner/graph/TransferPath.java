package io.ostflow.planner.graph;

import java.util.List;

/**
 * A candidate sequential transfer path for a target and its cost split into the terms of paper eq.
 * 8: {@code w(r, t) + w(r, v1) + sum w(v_i, v_i+1) + w(v_last, t)}.
 *
 * @param path source task ids in training order: representative first, target excluded
 * @param cost total cost
 * @param terms each term, in the order of the formula, as (from, to, weight)
 */
public record TransferPath(List<String> path, double cost, List<Term> terms) {
    public TransferPath {
        path = List.copyOf(path);
        terms = List.copyOf(terms);
    }

    /** One weight of the sum. */
    public record Term(String from, String to, double weight) {}

    public String representative() {
        return path.get(0);
    }
}
