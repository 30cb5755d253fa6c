package io.ostflow.planner.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The paper's training budget (docs/algorithm.md, 8), kept fair when tasks are small. Direct
 * pre-trains on D (63) cases of its source; sequential pre-trains on P (60) of the representative
 * and fine-tunes on F (3) of each further task of the path; both fine-tune on F of the target. With
 * one intermediate both see D = P + F source-side cases. When a task has fewer cases than asked,
 * capping each stage alone would give the two unequal budgets (8 against 8 + 3 on sources of 8
 * cases, which favours sequential), so both are scaled to the same source-side total
 *
 * <pre>B = min(D, n_r, min(P, n_r) + sum_i min(F, n_i))</pre>
 *
 * with {@code n} a task's training cases: direct pre-trains on B cases, sequential on {@code B -
 * sum_i min(F, n_i)} (at least one) of the representative. With enough cases this is the paper's
 * budget unchanged. A one-hop path (a plan whose single source outscored every path, or a fallback)
 * is a direct transfer: {@code B = min(D, n_r)} for both. O(path length).
 */
public final class TrainingBudget {
    private final int direct;
    private final int pretrain;
    private final int finetune;

    /**
     * @param direct D, cases of the direct baseline's pre-training
     * @param pretrain P, cases of the representative's pre-training
     * @param finetune F, cases of every fine-tuning step
     */
    public TrainingBudget(int direct, int pretrain, int finetune) {
        if (direct < 1 || pretrain < 1 || finetune < 1) {
            throw new IllegalArgumentException(
                    "case counts must be >= 1: direct "
                            + direct
                            + ", pretrain "
                            + pretrain
                            + ", finetune "
                            + finetune);
        }
        this.direct = direct;
        this.pretrain = pretrain;
        this.finetune = finetune;
    }

    /**
     * Cases per stage.
     *
     * @param directPretrain the direct job's pre-training on the path's first task
     * @param sequentialPretrain the sequential job's pre-training on the representative
     * @param intermediates the fine-tuning of each further task of the path, in order
     * @param target every fine-tuning on the target (and the scratch job's training)
     */
    public record Cases(
            int directPretrain, int sequentialPretrain, List<Integer> intermediates, int target) {
        /** Source-side cases the sequential job trains on. */
        public int sequentialSourceCases() {
            return sequentialPretrain + intermediates.stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * @param path the OST path, representative first, target excluded
     * @param available a task's training cases, empty when unknown (then the stage asks for the
     *     full count and the trainer uses what there is)
     */
    public Cases of(List<String> path, String target, Function<String, OptionalInt> available) {
        int representative = available.apply(path.get(0)).orElse(Integer.MAX_VALUE);
        List<Integer> intermediates = new ArrayList<>();
        int fineTuned = 0;
        for (String task : path.subList(1, path.size())) {
            int cases = Math.min(finetune, available.apply(task).orElse(finetune));
            intermediates.add(cases);
            fineTuned += cases;
        }
        // a one-hop path is a direct transfer: D cases of its source, like the direct baseline's
        long sequential =
                path.size() == 1
                        ? representative
                        : (long) Math.min(pretrain, representative) + fineTuned;
        int budget = (int) Math.min(Math.min(direct, representative), sequential);
        int sequentialPretrain = Math.max(1, budget - fineTuned);
        int targetCases = Math.min(finetune, available.apply(target).orElse(finetune));
        return new Cases(budget, sequentialPretrain, intermediates, targetCases);
    }

    /**
     * The pre-training cases of a direct transfer from {@code source} alone (an audit's grid): the
     * paper's D, or all the source has. O(1).
     */
    public int direct(String source, Function<String, OptionalInt> available) {
        return Math.min(direct, available.apply(source).orElse(direct));
    }

    /** The fine-tuning cases on the target (and the scratch training). O(1). */
    public int target(String target, Function<String, OptionalInt> available) {
        return Math.min(finetune, available.apply(target).orElse(finetune));
    }
}
