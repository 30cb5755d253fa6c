package io.ostflow.planner.bench;

import io.ostflow.planner.graph.Clustering;
import io.ostflow.planner.graph.GirvanNewman;
import io.ostflow.planner.graph.IndexedGraph;
import io.ostflow.planner.graph.OptimalTransfer;
import io.ostflow.planner.graph.Representatives;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * Recluster + re-plan time for FeTS-like graphs: sites x 4 modalities x 3 objectives source tasks
 * (connected when sharing modality or objective) and 12 targets, weights drawn like the authors'
 * (0.0044 H + 2.4756 (1 - R)) with site effects. Run: {@code bench/run planner
 * io.ostflow.planner.bench.PlannerBenchmark 84 336}.
 */
public final class PlannerBenchmark {
    private static final String[] MODALITIES = {"T1", "T1ce", "T2", "FLAIR"};
    private static final String[] OBJECTIVES = {"NCR", "ED", "ET"};

    public static void main(String[] args) {
        int[] sizes =
                args.length > 0
                        ? java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                        : new int[] {84, 336};
        System.out.println(
                "| source tasks | edges | clusters | recluster | re-plan 12 targets | total |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        for (int size : sizes) {
            run(size, true);
            run(size, false);
        }
    }

    private static void run(int sources, boolean warmUp) {
        Random random = new Random(sources);
        List<String> tasks = new ArrayList<>();
        for (int s = 0; s < sources / 12; s++) {
            for (String m : MODALITIES) {
                for (String o : OBJECTIVES) {
                    tasks.add(String.format("%03d-%s-%s", s, m, o));
                }
            }
        }
        Map<String, Double> weights = new HashMap<>();
        Graph<String, DefaultWeightedEdge> graph =
                new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        tasks.forEach(graph::addVertex);
        double[] siteShift = random.doubles(sources / 12 + 1, 0, 1).toArray();
        for (int i = 0; i < tasks.size(); i++) {
            for (int j = i + 1; j < tasks.size(); j++) {
                String[] a = tasks.get(i).split("-");
                String[] b = tasks.get(j).split("-");
                if (a[1].equals(b[1]) || a[2].equals(b[2])) {
                    double w = weight(random, a, b, siteShift);
                    graph.setEdgeWeight(graph.addEdge(tasks.get(i), tasks.get(j)), w);
                    weights.put(tasks.get(i) + "|" + tasks.get(j), w);
                }
            }
        }
        List<String> targets = new ArrayList<>();
        for (String m : MODALITIES) {
            for (String o : OBJECTIVES) {
                String t = "zzz-" + m + "-" + o;
                targets.add(t);
                for (String s : tasks) {
                    String[] a = s.split("-");
                    if (a[1].equals(m) || a[2].equals(o)) {
                        weights.put(
                                s + "|" + t,
                                weight(random, a, new String[] {"999", m, o}, siteShift));
                    }
                }
            }
        }
        ToDoubleBiFunction<String, String> w =
                (x, y) ->
                        weights.getOrDefault(
                                x.compareTo(y) < 0 ? x + "|" + y : y + "|" + x, Double.NaN);

        long start = System.nanoTime();
        Clustering clustering =
                new GirvanNewman(true, OptionalInt.empty()).cluster(IndexedGraph.of(graph));
        long clustered = System.nanoTime();
        Map<String, Integer> samples = new HashMap<>();
        tasks.forEach(t -> samples.put(t, 10));
        List<String> representatives =
                new Representatives(Representatives.Rule.LARGEST).choose(clustering, samples, w);
        OptimalTransfer ost = new OptimalTransfer(2, 3);
        for (String t : targets) {
            ost.rank(t, clustering, representatives, w);
            OptimalTransfer.bestDirect(t, tasks, w);
        }
        long planned = System.nanoTime();
        if (!warmUp) {
            System.out.printf(
                    "| %d | %d | %d | %.3f s | %.3f s | %.3f s |%n",
                    sources,
                    graph.edgeSet().size(),
                    clustering.clusters().size(),
                    (clustered - start) / 1e9,
                    (planned - clustered) / 1e9,
                    (planned - start) / 1e9);
        }
    }

    private static double weight(Random random, String[] a, String[] b, double[] siteShift) {
        int sa = Integer.parseInt(a[0]) % siteShift.length;
        int sb = Integer.parseInt(b[0]) % siteShift.length;
        double h = 20 + 200 * Math.abs(siteShift[sa] - siteShift[sb]) + 10 * random.nextDouble();
        double r = (a[2].equals(b[2]) ? 0.7 : 0.3) + 0.1 * random.nextDouble();
        return 0.0044 * h + 2.4756 * (1 - r);
    }
}
