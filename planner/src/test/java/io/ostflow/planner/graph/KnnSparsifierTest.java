package io.ostflow.planner.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnnSparsifierTest {

    @Test
    void keepsTheUnionOfEveryVertexsCheapestEdges() {
        // a's two cheapest: a-b (1), a-c (2); b's: a-b (1), b-d (1.5); c's: a-c (2), c-d (3);
        // d's: b-d (1.5), c-d (3). a-d (9) and b-c (5) are nobody's top two.
        var g = Graphs.of(List.of("a-b:1", "a-c:2", "a-d:9", "b-c:5", "b-d:1.5", "c-d:3"));
        var sparse = KnnSparsifier.sparsify(g, 2);
        assertThat(sparse.edgeSet()).hasSize(4);
        assertThat(sparse.containsEdge("a", "d")).isFalse();
        assertThat(sparse.containsEdge("b", "c")).isFalse();
        assertThat(sparse.getEdgeWeight(sparse.getEdge("b", "d"))).isEqualTo(1.5);
    }

    @Test
    void tiesGoToTheSmallerNeighbourId() {
        var sparse = KnnSparsifier.sparsify(Graphs.of(List.of("x-c:1", "x-b:1", "x-a:1")), 1);
        assertThat(sparse.containsEdge("x", "a")).isTrue();
        assertThat(sparse.edgeSet()).hasSize(3); // b and c each keep their only edge
    }
}
