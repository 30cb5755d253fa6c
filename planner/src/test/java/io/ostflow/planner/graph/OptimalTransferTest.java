package io.ostflow.planner.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import org.junit.jupiter.api.Test;

/** Hand-computed OST paths: two clusters {r1, x, y} and {r2, z}, target t. */
class OptimalTransferTest {
    private static final Clustering CLUSTERS =
            new Clustering(List.of(List.of("r1", "x", "y"), List.of("r2", "z")), 0, 0);
    private static final List<String> REPRESENTATIVES = List.of("r1", "r2");

    private final Map<String, Double> w =
            new HashMap<>(
                    Map.of(
                            "r1|t", 1.0, "r1|x", 1.0, "t|x", 1.0, // r1 -> x -> t: 1 + 1 + 1 = 3
                            "r1|y", 0.5, "t|y", 2.0, // r1 -> y -> t: 1 + 0.5 + 2 = 3.5
                            "r2|t", 0.2, "r2|z", 0.3, "t|z",
                            2.4, // r2 -> z -> t: 0.2 + 0.3 + 2.4 = 2.9
                            "x|y", 0.1));

    private ToDoubleBiFunction<String, String> weight() {
        return (a, b) -> w.getOrDefault(a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a, Double.NaN);
    }

    @Test
    void theCheapestRepresentativeIntermediateTargetPathWinsWithItsTermsAndAlternatives() {
        List<TransferPath> ranked =
                new OptimalTransfer(2, 3).rank("t", CLUSTERS, REPRESENTATIVES, weight());

        assertThat(ranked)
                .extracting(TransferPath::path)
                .containsExactly(List.of("r2", "z"), List.of("r1", "x"), List.of("r1", "y"));
        TransferPath best = ranked.get(0);
        assertThat(best.cost()).isCloseTo(2.9, within(1e-12));
        assertThat(best.terms())
                .containsExactly(
                        new TransferPath.Term("r2", "t", 0.2),
                        new TransferPath.Term("r2", "z", 0.3),
                        new TransferPath.Term("z", "t", 2.4));
        assertThat(OptimalTransfer.bestDirect("t", List.of("r1", "r2", "x", "y", "z"), weight()))
                .contains(new TransferPath.Term("r2", "t", 0.2));
    }

    @Test
    void lengthThreeUsesTwoDistinctIntermediatesOfTheCluster() {
        // r1 -> y -> x -> t: 1 + 0.5 + 0.1 + 1 = 2.6; r1 -> x -> y -> t: 1 + 1 + 0.1 + 2 = 4.1;
        // {r2, z} has no second intermediate.
        List<TransferPath> ranked =
                new OptimalTransfer(3, 5).rank("t", CLUSTERS, REPRESENTATIVES, weight());
        assertThat(ranked)
                .extracting(TransferPath::path)
                .containsExactly(List.of("r1", "y", "x"), List.of("r1", "x", "y"));
        assertThat(ranked.get(0).cost()).isCloseTo(2.6, within(1e-12));
    }

    @Test
    void unconnectedTermsRuleAPathOutAndEqualCostsAreOrderedByPath() {
        w.remove("t|z");
        w.put("t|y", 1.5); // r1 -> y -> t now 1 + 0.5 + 1.5 = 3, equal to r1 -> x -> t
        List<TransferPath> ranked =
                new OptimalTransfer(2, 3).rank("t", CLUSTERS, REPRESENTATIVES, weight());
        assertThat(ranked)
                .extracting(TransferPath::path)
                .containsExactly(List.of("r1", "x"), List.of("r1", "y"));
    }

    @Test
    void representativesPreferMoreCasesThenLowerWeightSumThenName() {
        Clustering one = new Clustering(List.of(List.of("a", "b", "c")), 0, 0);
        Map<String, Double> weights = Map.of("a|b", 1.0, "a|c", 1.0, "b|c", 3.0);
        ToDoubleBiFunction<String, String> wf =
                (p, q) ->
                        weights.getOrDefault(
                                p.compareTo(q) < 0 ? p + "|" + q : q + "|" + p, Double.NaN);
        // a and b both have 10 cases; a's weights sum to 2, b's to 4
        assertThat(
                        new Representatives(Representatives.Rule.LARGEST)
                                .choose(one, Map.of("a", 10, "b", 10, "c", 5), wf))
                .containsExactly("a");
        assertThat(
                        new Representatives(Representatives.Rule.LARGEST)
                                .choose(one, Map.of("a", 1, "b", 1, "c", 5), wf))
                .containsExactly("c");
        // centroid: a: 1/20 + 1/15 = 0.1167, b: 1/20 + 3/15 = 0.25, c: 1/15 + 3/15 = 0.2667
        assertThat(
                        new Representatives(Representatives.Rule.CENTROID)
                                .choose(one, Map.of("a", 10, "b", 10, "c", 5), wf))
                .containsExactly("a");
    }

    @Test
    void refusesPathsShorterThanTwoSteps() {
        assertThatThrownBy(() -> new OptimalTransfer(1, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
