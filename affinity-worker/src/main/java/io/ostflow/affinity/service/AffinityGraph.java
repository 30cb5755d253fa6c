package io.ostflow.affinity.service;

import io.ostflow.affinity.domain.PairSelector;
import io.ostflow.affinity.math.GlobalSsim;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.weights.EdgeWeighting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The set of known tasks and their pairwise edges, updated incrementally: a new task (or a new
 * version of one) gets H and R against every other known task and nothing else is recomputed.
 *
 * <p>H depends only on the two image sets (site, modality, dataset version) and R only on the two
 * mask sets (site, objective, version), so each set pair is computed once and shared by every task
 * pair over it (84 FeTS-like tasks: 28 image sets, 21 mask sets). Per-pair values are computed in
 * parallel and summed in a fixed order, so results do not depend on the thread count.
 *
 * <p>Thread-safe: all public methods are synchronized.
 */
public final class AffinityGraph {
    private final FeatureSource features;
    private final PairSelector selector;
    private final GlobalSsim ssim;
    private final Map<TaskId, TaskRegistered> tasks = new TreeMap<>();
    private final Map<String, AffinityEdge> edges = new HashMap<>();
    private final Counters counters = new Counters();
    private final SetAffinities sets;
    private EdgeWeights weights;
    private EdgeWeighting.Ranges ranges = EdgeWeighting.Ranges.EMPTY;

    public AffinityGraph(
            FeatureSource features, PairSelector selector, GlobalSsim ssim, EdgeWeights weights) {
        this.features = Objects.requireNonNull(features);
        this.selector = Objects.requireNonNull(selector);
        this.ssim = Objects.requireNonNull(ssim);
        this.weights = Objects.requireNonNull(weights);
        this.sets = new SetAffinities(features, ssim, counters);
    }

    /** What adding a task or changing the weights produced. */
    public record Update(List<AffinityEdge> changed, int pairsComputed) {}

    /** Work done so far, for tests and metrics. */
    public static final class Counters {
        public final AtomicLong imageSetPairs = new AtomicLong();
        public final AtomicLong maskSetPairs = new AtomicLong();
        public final AtomicLong wassersteinEvaluations = new AtomicLong();
        public final AtomicLong ssimEvaluations = new AtomicLong();
    }

    public Counters counters() {
        return counters;
    }

    /** Re-learns an edge published before a restart, so it is not computed again. */
    public synchronized void restore(AffinityEdge edge) {
        edges.put(edge.key(), edge);
        ranges = ranges.with(edge.h(), edge.r());
    }

    public synchronized EdgeWeights weights() {
        return weights;
    }

    public synchronized int taskCount() {
        return tasks.size();
    }

    public synchronized List<AffinityEdge> edgesOf(String task) {
        return edges.values().stream()
                .filter(e -> e.a().equals(task) || e.b().equals(task))
                .toList();
    }

    /**
     * Adds or updates a task: computes the pairs with every other known task whose stored edge is
     * missing or stale, re-weights those whose weights version is old. Features of the new task are
     * loaded first, so a missing fingerprint leaves the graph unchanged.
     *
     * @throws FeatureSource.FeatureUnavailableException if a fingerprint cannot be read
     */
    public synchronized Update add(TaskRegistered task) {
        TaskRegistered known = tasks.get(task.task());
        if (known != null && known.equals(task)) {
            return new Update(List.of(), 0);
        }
        preload(task);
        tasks.put(task.task(), task);
        List<AffinityEdge> changed = new ArrayList<>();
        int computed = 0;
        EdgeWeighting.Ranges before = ranges;
        for (TaskRegistered other : tasks.values()) {
            if (other.task().equals(task.task())) {
                continue;
            }
            String key = AffinityEdge.key(task.task().toString(), other.task().toString());
            AffinityEdge existing = edges.get(key);
            AffinityEdge edge;
            if (existing != null && sameVersions(existing, task, other)) {
                edge =
                        existing.weightsVersion() == weights.version()
                                ? existing
                                : reweigh(existing);
            } else {
                edge = compute(task, other);
                computed++;
            }
            if (!edge.equals(existing)) {
                edges.put(key, edge);
                changed.add(edge);
            }
        }
        if (EdgeWeights.MINMAX.equals(weights.normalisation()) && !ranges.equals(before)) {
            return new Update(reweighAll(), computed);
        }
        return new Update(changed, computed);
    }

    /**
     * What retiring a task produced.
     *
     * @param retired the keys of its edges, now gone
     * @param reweighed edges whose weight changed because the min-max ranges shrank
     */
    public record Removal(List<String> retired, List<AffinityEdge> reweighed) {}

    /**
     * Retires a withdrawn task: forgets it, its edges, its cached features and what was computed
     * from its site's sets. Under min-max normalisation the ranges are recomputed from the edges
     * left, which may re-weight others. O(m) in the known edges.
     */
    public synchronized Removal remove(TaskId id) {
        TaskRegistered task = tasks.remove(id);
        if (task != null) {
            task.imageFeatureKeys().forEach(features::forget);
            task.labelFeatureKeys().forEach(features::forget);
        }
        sets.forgetSite(id.site());
        String name = id.toString();
        List<String> retired =
                edges.values().stream()
                        .filter(e -> e.a().equals(name) || e.b().equals(name))
                        .map(AffinityEdge::key)
                        .sorted()
                        .toList();
        retired.forEach(edges::remove);
        EdgeWeighting.Ranges before = ranges;
        ranges = EdgeWeighting.Ranges.EMPTY;
        edges.values().forEach(e -> ranges = ranges.with(e.h(), e.r()));
        boolean rescale =
                EdgeWeights.MINMAX.equals(weights.normalisation()) && !ranges.equals(before);
        return new Removal(retired, rescale ? reweighAll() : List.of());
    }

    /** New weights: every edge re-weighted from its stored H and R, nothing recomputed. */
    public synchronized Update setWeights(EdgeWeights newWeights) {
        if (newWeights.equals(weights)) {
            return new Update(List.of(), 0);
        }
        weights = newWeights;
        return new Update(reweighAll(), 0);
    }

    private List<AffinityEdge> reweighAll() {
        List<AffinityEdge> changed = new ArrayList<>();
        for (Map.Entry<String, AffinityEdge> entry : new TreeMap<>(edges).entrySet()) {
            AffinityEdge updated = reweigh(entry.getValue());
            if (!updated.equals(entry.getValue())) {
                edges.put(entry.getKey(), updated);
                changed.add(updated);
            }
        }
        return changed;
    }

    private AffinityEdge reweigh(AffinityEdge e) {
        Double weight =
                EdgeWeighting.weight(
                        TaskId.parse(e.a()), TaskId.parse(e.b()), e.h(), e.r(), weights, ranges);
        return new AffinityEdge(
                e.a(),
                e.b(),
                e.h(),
                e.r(),
                weight,
                e.connected(),
                weights.version(),
                e.versionA(),
                e.versionB(),
                e.pairs());
    }

    private static boolean sameVersions(AffinityEdge edge, TaskRegistered x, TaskRegistered y) {
        TaskRegistered a = x.task().toString().compareTo(y.task().toString()) < 0 ? x : y;
        TaskRegistered b = a == x ? y : x;
        return edge.versionA().equals(a.datasetVersion())
                && edge.versionB().equals(b.datasetVersion());
    }

    private AffinityEdge compute(TaskRegistered x, TaskRegistered y) {
        TaskRegistered a = x.task().toString().compareTo(y.task().toString()) < 0 ? x : y;
        TaskRegistered b = a == x ? y : x;
        List<PairSelector.Pair> pairs =
                selector.pairs(a.task().site(), a.cases(), b.task().site(), b.cases());
        double h = sets.imageDistance(a, b, pairs);
        double r = sets.maskSimilarity(a, b, pairs);
        ranges = ranges.with(h, r);
        Double weight = EdgeWeighting.weight(a.task(), b.task(), h, r, weights, ranges);
        return new AffinityEdge(
                a.task().toString(),
                b.task().toString(),
                h,
                r,
                weight,
                EdgeWeighting.connected(a.task(), b.task()),
                weights.version(),
                a.datasetVersion(),
                b.datasetVersion(),
                pairs.size());
    }

    private void preload(TaskRegistered task) {
        sets.preload(task);
    }
}
