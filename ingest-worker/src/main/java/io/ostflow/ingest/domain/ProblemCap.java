package io.ostflow.ingest.domain;

import io.ostflow.common.events.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a rejection readable when one defect repeats in every volume: at most {@code perReason}
 * problems of one reason, in their order, then one problem of that reason that counts the rest.
 */
public final class ProblemCap {
    private final int perReason;

    /**
     * @param perReason problems kept per reason, at least 1
     */
    public ProblemCap(int perReason) {
        if (perReason < 1) {
            throw new IllegalArgumentException(
                    "problems per reason must be at least 1, not " + perReason);
        }
        this.perReason = perReason;
    }

    /** The problems, at most {@code perReason} (+1 summary) of each reason, order kept. */
    public List<Problem> apply(List<Problem> problems, String summaryKey) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<Problem> kept = new ArrayList<>();
        for (Problem problem : problems) {
            int count = seen.merge(problem.reason(), 1, Integer::sum);
            if (count <= perReason) {
                kept.add(problem);
            }
        }
        seen.forEach(
                (reason, count) -> {
                    if (count > perReason) {
                        kept.add(
                                new Problem(
                                        summaryKey,
                                        reason,
                                        "and "
                                                + (count - perReason)
                                                + " more "
                                                + reason
                                                + " problem(s) not listed"
                                                + " (ostflow.ingest.max-problems-per-reason = "
                                                + perReason
                                                + ")"));
                    }
                });
        return kept;
    }
}
