package io.ostflow.planner.bench;

import io.ostflow.planner.graph.Clustering;
import io.ostflow.planner.graph.GirvanNewman;
import io.ostflow.planner.graph.IndexedGraph;
import io.ostflow.planner.graph.KnnSparsifier;
import io.ostflow.planner.graph.OptimalTransfer;
import io.ostflow.planner.graph.Representatives;
import io.ostflow.planner.graph.TransferPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * Recluster + re-plan time for FeTS-like graphs: sites x 4 modalities x 3 objectives source tasks
 * (connected when sharing modality or objective) and 12 targets, weights shaped like the authors'
 * (0.0044 H + 2.4756 (1 - R), H driven by a per-site shift). Each run is SIZE:KNN:CLUSTERS (k-NN
 * sparsification, 0 = off; K = auto or a number). Runs on <= 84 tasks also compare the chosen paths
 * with those of the full graph with automatic K.
 *
 * <p>Run: {@code bench/run planner io.ostflow.planner.bench.PlannerBenchmark 84:0:auto 84:5:9 ...}
 */
public final class PlannerBenchmark {
    private static final String[] MODALITIES = {"T1", "T1ce", "T2", "FLAIR"};
    private static final String[] OBJECTIVES = {"NCR", "ED", "ET"};

    private record Outcome(Map<String, List<String>> paths, Map<String, Double> costs) {}

    public static void main(String[] args) {
        String[] runs =
                args.length > 0
                        ? args
                        : new String[] {"84:0:auto", "84:5:auto", "84:5:9", "336:5:9"};
        System.out.println(
                "| source tasks | k-NN | K | edges clustered | clusters | recluster | re-plan 12 targets | same path as full graph | mean cost / full |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (String spec : runs) {
            String[] p = spec.split(":");
            int size = Integer.parseInt(p[0]);
            int knn = Integer.parseInt(p[1]);
            OptionalInt clusters =
                    p[2].equals("auto")
                            ? OptionalInt.empty()
                            : OptionalInt.of(Integer.parseInt(p[2]));
            Outcome reference =
                    size <= 84
                            ? new PlannerBenchmark(size).run(0, OptionalInt.empty(), null, false)
                            : null;
            PlannerBenchmark bench = new PlannerBenchmark(size);
            bench.run(knn, clusters, null, false); // JIT warm-up on the same work
            bench.run(knn, clusters, reference, true);
        }
    }

    private final List<String> sources = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    private final Map<String, Double> weights = new HashMap<>();
    private final Graph<String, DefaultWeightedEdge> graph =
            new SimpleWeightedGraph<>(DefaultWeightedEdge.class);

    private PlannerBenchmark(int size) {
        Random random = new Random(size);
        double[] siteShift = random.doubles(size / 12 + 2, 0, 1).toArray();
        for (int s = 0; s < size / 12; s++) {
            for (String m : MODALITIES) {
                for (String o : OBJECTIVES) {
                    sources.add(String.format("%04d-%s-%s", s, m, o));
                }
            }
        }
        sources.forEach(graph::addVertex);
        for (int i = 0; i < sources.size(); i++) {
            for (int j = i + 1; j < sources.size(); j++) {
                String[] a = sources.get(i).split("-");
                String[] b = sources.get(j).split("-");
                if (a[1].equals(b[1]) || a[2].equals(b[2])) {
                    double w = weight(random, a, b, siteShift);
                    graph.setEdgeWeight(graph.addEdge(sources.get(i), sources.get(j)), w);
                    weights.put(sources.get(i) + "|" + sources.get(j), w);
                }
            }
        }
        for (String m : MODALITIES) {
            for (String o : OBJECTIVES) {
                String t = "zzzz-" + m + "-" + o;
                targets.add(t);
                for (String s : sources) {
                    String[] a = s.split("-");
                    if (a[1].equals(m) || a[2].equals(o)) {
                        weights.put(
                                s + "|" + t,
                                weight(
                                        random,
                                        a,
                                        new String[] {String.valueOf(siteShift.length - 1), m, o},
                                        siteShift));
                    }
                }
            }
        }
    }

    private Outcome run(int knn, OptionalInt clusters, Outcome reference, boolean print) {
        ToDoubleBiFunction<String, String> w =
                (x, y) ->
                        weights.getOrDefault(
                                x.compareTo(y) < 0 ? x + "|" + y : y + "|" + x, Double.NaN);
        long start = System.nanoTime();
        Graph<String, DefaultWeightedEdge> clustered =
                knn > 0 ? KnnSparsifier.sparsify(graph, knn) : graph;
        Clustering clustering =
                new GirvanNewman(true, clusters).cluster(IndexedGraph.of(clustered));
        long reclustered = System.nanoTime();
        Map<String, Integer> samples = new HashMap<>();
        sources.forEach(t -> samples.put(t, 10));
        List<String> representatives =
                new Representatives(Representatives.Rule.LARGEST).choose(clustering, samples, w);
        OptimalTransfer ost = new OptimalTransfer(2, 3);
        Map<String, List<String>> paths = new HashMap<>();
        Map<String, Double> costs = new HashMap<>();
        for (String t : targets) {
            List<TransferPath> ranked = ost.rank(t, clustering, representatives, w);
            OptimalTransfer.bestDirect(t, sources, w);
            if (!ranked.isEmpty()) {
                paths.put(t, ranked.get(0).path());
                costs.put(t, ranked.get(0).cost());
            }
        }
        long planned = System.nanoTime();
        if (print) {
            String same = "n/a";
            String ratio = "n/a";
            if (reference != null) {
                long agree =
                        targets.stream()
                                .filter(t -> Objects.equals(paths.get(t), reference.paths().get(t)))
                                .count();
                double mean =
                        targets.stream()
                                .filter(costs::containsKey)
                                .mapToDouble(t -> costs.get(t) / reference.costs().get(t))
                                .average()
                                .orElse(Double.NaN);
                same = agree + " of " + targets.size();
                ratio = String.format("%.3f", mean);
            }
            System.out.printf(
                    "| %d | %s | %s | %d | %d | %.3f s | %.3f s | %s | %s |%n",
                    sources.size(),
                    knn == 0 ? "off" : knn,
                    clusters.isPresent() ? String.valueOf(clusters.getAsInt()) : "auto",
                    clustered.edgeSet().size(),
                    clustering.clusters().size(),
                    (reclustered - start) / 1e9,
                    (planned - reclustered) / 1e9,
                    same,
                    ratio);
        }
        return new Outcome(paths, costs);
    }

    private static double weight(Random random, String[] a, String[] b, double[] siteShift) {
        int sa = Integer.parseInt(a[0]) % siteShift.length;
        int sb = Integer.parseInt(b[0]) % siteShift.length;
        double h = 20 + 200 * Math.abs(siteShift[sa] - siteShift[sb]) + 10 * random.nextDouble();
        double r = (a[2].equals(b[2]) ? 0.7 : 0.3) + 0.1 * random.nextDouble();
        return 0.0044 * h + 2.4756 * (1 - r);
    }
}
