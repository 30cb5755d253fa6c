package io.ostflow.planner.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jgrapht.Graph;
import org.jgrapht.alg.scoring.EdgeBetweennessCentrality;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Removing edges one by one must leave exactly the betweenness a fresh computation gives on what is
 * left, checked after every removal against our own full pass (bit for bit) and against JGraphT's
 * {@link EdgeBetweennessCentrality} (an independent implementation). Small integer weights make
 * equally short paths, the case where reusing a source's shares is easiest to get wrong.
 */
class DecrementalBetweennessTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyRemovalLeavesWhatAFreshComputationGives(boolean weighted) {
        for (long seed = 1; seed <= 6; seed++) {
            Graph<String, DefaultWeightedEdge> graph = randomGraph(seed);
            IndexedGraph indexed = IndexedGraph.of(graph);
            DecrementalBetweenness decremental =
                    new DecrementalBetweenness(indexed, new EdgeBetweenness(weighted));
            List<Integer> order = new ArrayList<>();
            for (int e = 0; e < indexed.edgeCount(); e++) {
                order.add(e);
            }
            Collections.shuffle(order, new Random(seed));
            for (int edge : order) {
                decremental.remove(edge);
                graph.removeEdge(
                        indexed.vertex(indexed.edge(edge)[0]),
                        indexed.vertex(indexed.edge(edge)[1]));
                assertMatchesFreshComputation(indexed, decremental, graph, weighted);
            }
        }
    }

    private static void assertMatchesFreshComputation(
            IndexedGraph original,
            DecrementalBetweenness decremental,
            Graph<String, DefaultWeightedEdge> remaining,
            boolean weighted) {
        IndexedGraph fresh = IndexedGraph.of(remaining);
        double[] ours = new EdgeBetweenness(weighted).compute(fresh);
        Graph<String, DefaultWeightedEdge> reference = weighted ? remaining : unweighted(remaining);
        Map<DefaultWeightedEdge, Double> jgrapht =
                new EdgeBetweennessCentrality<>(reference).getScores();
        for (int e = 0, f = 0; e < original.edgeCount(); e++) {
            if (decremental.isRemoved(e)) {
                assertThat(decremental.totals()[e]).isZero();
                continue;
            }
            String a = original.vertex(original.edge(e)[0]);
            String b = original.vertex(original.edge(e)[1]);
            while (!fresh.vertex(fresh.edge(f)[0]).equals(a)
                    || !fresh.vertex(fresh.edge(f)[1]).equals(b)) {
                f++;
            }
            assertThat(decremental.totals()[e]).isEqualTo(ours[f]);
            assertThat(decremental.totals()[e])
                    .isCloseTo(jgrapht.get(reference.getEdge(a, b)), within(1e-9));
        }
    }

    private static Graph<String, DefaultWeightedEdge> randomGraph(long seed) {
        Random random = new Random(seed);
        Graph<String, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        int n = 9 + random.nextInt(5);
        for (int v = 0; v < n; v++) {
            g.addVertex("v" + v);
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (random.nextDouble() < 0.45) {
                    g.setEdgeWeight(g.addEdge("v" + i, "v" + j), 1 + random.nextInt(3));
                }
            }
        }
        return g;
    }

    private static Graph<String, DefaultWeightedEdge> unweighted(
            Graph<String, DefaultWeightedEdge> g) {
        Graph<String, DefaultWeightedEdge> copy =
                new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        g.vertexSet().forEach(copy::addVertex);
        g.edgeSet().forEach(e -> copy.addEdge(g.getEdgeSource(e), g.getEdgeTarget(e)));
        return copy;
    }
}
