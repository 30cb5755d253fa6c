package io.ostflow.planner.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Small graphs whose answers were worked out by hand (in the comments). */
class GirvanNewmanTest {

    @Test
    void twoTrianglesSplitAtTheirBridgeWhereModularityPeaks() {
        // Bridge c-d carries the 9 cross pairs; a-c and b-c carry 4 each, a-b 1.
        IndexedGraph g = Graphs.indexed("a-b", "a-c", "b-c", "c-d", "d-e", "d-f", "e-f");
        double[] betweenness = new EdgeBetweenness(false).compute(g);
        assertThat(betweenness).containsExactly(new double[] {1, 4, 4, 9, 4, 4, 1}, within(1e-12));

        Clustering clustering = new GirvanNewman(false, OptionalInt.empty()).cluster(g);

        assertThat(clustering.clusters())
                .containsExactly(List.of("a", "b", "c"), List.of("d", "e", "f"));
        // m = 7; each side: 3 inner edges, degree sum 7: Q = 2 (3/7 - (7/14)^2) = 5/14
        assertThat(clustering.modularity()).isCloseTo(5.0 / 14, within(1e-12));
        assertThat(clustering.removedEdges()).isEqualTo(1);
    }

    @Test
    void weightedBetweennessFollowsTheCheapPathsAndUnweightedBreaksTiesByName() {
        // Square a-b-c-d with a costly a-d (10): weighted shortest a..d runs a-b-c-d.
        // Weighted: b-c (4 pairs) goes first, then a-d on the path b-a-d-c: {a,b} {c,d}.
        // Unweighted: all four edges tie at 2; (a,b) goes first, then c-d (middle of b-c-d-a):
        // {a,d} {b,c}.
        IndexedGraph g = Graphs.indexed("a-b:1", "b-c:1", "c-d:1", "a-d:10");
        assertThat(new EdgeBetweenness(true).compute(g))
                .containsExactly(new double[] {3, 0, 4, 3}, within(1e-12));

        Clustering weighted = new GirvanNewman(true, OptionalInt.of(2)).cluster(g);
        Clustering unweighted = new GirvanNewman(false, OptionalInt.of(2)).cluster(g);

        assertThat(weighted.clusters()).containsExactly(List.of("a", "b"), List.of("c", "d"));
        assertThat(unweighted.clusters()).containsExactly(List.of("a", "d"), List.of("b", "c"));
    }

    @Test
    void aFixedKStopsThereEvenBelowTheModularityMaximum() {
        IndexedGraph g = Graphs.indexed("a-b", "a-c", "b-c", "c-d", "d-e", "d-f", "e-f");
        Clustering three = new GirvanNewman(false, OptionalInt.of(3)).cluster(g);
        assertThat(three.clusters()).hasSize(3);
        Clustering one = new GirvanNewman(false, OptionalInt.of(1)).cluster(g);
        assertThat(one.clusters()).hasSize(1);
    }

    @Test
    void modularityTiesGoToTheFewerClusters() {
        // Two disjoint edges: the initial level already has 2 clusters (Q = 0.5); removing an edge
        // gives 3 clusters with Q = 0 ... never better, so 2 clusters stay.
        Clustering clustering =
                new GirvanNewman(false, OptionalInt.empty()).cluster(Graphs.indexed("a-b", "c-d"));
        assertThat(clustering.clusters()).containsExactly(List.of("a", "b"), List.of("c", "d"));
        assertThat(clustering.modularity()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void theSameGraphInAnyInsertionOrderGivesTheSameClusters() {
        List<String> edges = new ArrayList<>();
        Random random = new Random(4);
        for (int i = 0; i < 14; i++) {
            for (int j = i + 1; j < 14; j++) {
                if (random.nextDouble() < 0.35) {
                    edges.add("v" + i + "-v" + j + ":" + (1 + random.nextInt(3)));
                }
            }
        }
        Clustering reference =
                new GirvanNewman(true, OptionalInt.empty())
                        .cluster(IndexedGraph.of(Graphs.of(edges)));
        for (int shuffle = 0; shuffle < 5; shuffle++) {
            List<String> shuffled = new ArrayList<>(edges);
            Collections.shuffle(shuffled, new Random(shuffle));
            boolean reversed = shuffle % 2 == 1;
            shuffled.replaceAll(e -> reversed ? swap(e) : e);
            assertThat(
                            new GirvanNewman(true, OptionalInt.empty())
                                    .cluster(IndexedGraph.of(Graphs.of(shuffled))))
                    .isEqualTo(reference);
        }
    }

    private static String swap(String edge) {
        String[] p = edge.split("[-:]");
        return p[1] + "-" + p[0] + ":" + p[2];
    }
}
