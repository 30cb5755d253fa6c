package io.ostflow.planner.planning;

import io.ostflow.common.events.PlanRanking;
import io.ostflow.common.events.TransferabilityScore;
import io.ostflow.planner.graph.Representatives;
import java.util.OptionalInt;

/**
 * What the planning engine needs from the configuration (framework-free copy of PlannerConfig).
 *
 * @param weightedBetweenness weighted (default) or hop-count betweenness
 * @param clusters fixed K, or empty for the modularity maximum
 * @param representativeRule largest (default) or centroid
 * @param pathLength l, transfer steps into the target (2)
 * @param alternatives next-best paths reported (3)
 * @param baselines enqueue direct and scratch jobs beside the sequential one
 * @param pretrainCases cases of the representative's pre-training (60)
 * @param finetuneCases cases of each fine-tuning step, the target's included (3)
 * @param directCases cases of the direct baseline's pre-training (63)
 * @param seed seed shared by the jobs of one target
 * @param sparsifyK keep each source's k cheapest edges before clustering (0: all edges)
 * @param ranking affinity (the paper's least cost) or transferability (that shortlist re-ranked by
 *     measured transferability)
 * @param transferabilityScore the score the transferability ranking orders by (LEEP by default)
 * @param singleSourcePlans under the transferability ranking, whether a single source that
 *     outscores every shortlisted path becomes the plan (a one-hop path)
 */
public record PlannerSettings(
        boolean weightedBetweenness,
        OptionalInt clusters,
        Representatives.Rule representativeRule,
        int pathLength,
        int alternatives,
        boolean baselines,
        int pretrainCases,
        int finetuneCases,
        int directCases,
        long seed,
        int sparsifyK,
        PlanRanking ranking,
        TransferabilityScore transferabilityScore,
        boolean singleSourcePlans) {

    public PlannerSettings {
        java.util.Objects.requireNonNull(ranking, "ranking");
        java.util.Objects.requireNonNull(transferabilityScore, "transferabilityScore");
        if (sparsifyK < 0) {
            throw new IllegalArgumentException(
                    "ostflow.planner.sparsify.k must be >= 0 (0: all edges), was " + sparsifyK);
        }
    }

    /** These settings with another {@code sparsify.k}. */
    public PlannerSettings withSparsifyK(int k) {
        return new PlannerSettings(
                weightedBetweenness,
                clusters,
                representativeRule,
                pathLength,
                alternatives,
                baselines,
                pretrainCases,
                finetuneCases,
                directCases,
                seed,
                k,
                ranking,
                transferabilityScore,
                singleSourcePlans);
    }

    /** These settings with another ranking. */
    public PlannerSettings withRanking(PlanRanking other) {
        return new PlannerSettings(
                weightedBetweenness,
                clusters,
                representativeRule,
                pathLength,
                alternatives,
                baselines,
                pretrainCases,
                finetuneCases,
                directCases,
                seed,
                sparsifyK,
                other,
                transferabilityScore,
                singleSourcePlans);
    }

    public static PlannerSettings defaults() {
        return new PlannerSettings(
                true,
                OptionalInt.empty(),
                Representatives.Rule.LARGEST,
                2,
                3,
                true,
                60,
                3,
                63,
                42,
                0,
                PlanRanking.AFFINITY,
                TransferabilityScore.LEEP,
                true);
    }
}
