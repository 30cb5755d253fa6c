package io.ostflow.planner.planning;

import io.ostflow.common.Role;
import io.ostflow.common.events.Plan;
import io.ostflow.planner.graph.OptimalTransfer;
import io.ostflow.planner.graph.TransferPath;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One plan per target (docs/algorithm.md section 7), from {@code ostflow.plans} at a restart (each
 * keeps its version, so an unchanged plan is not re-sent) and from each replan. Not thread-safe:
 * {@link PlanningEngine} owns it and guards it with its monitor.
 */
final class PlanBook {
    private final PlannerSettings settings;
    private final Clock clock;
    private final Map<String, Plan> plans = new TreeMap<>();

    PlanBook(PlannerSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    void put(Plan plan) {
        plans.put(plan.target(), plan);
    }

    List<Plan> all() {
        return List.copyOf(plans.values());
    }

    Optional<Plan> of(String target) {
        return Optional.ofNullable(plans.get(target));
    }

    /** Ranked paths, and why they are not the paper's form (null when they are). */
    private record Ranked(List<TransferPath> paths, String fallback) {}

    /**
     * The new plan of a target, if it differs from the current one in any result field: the OST
     * path (eq. 8) over the representatives, its alternatives and the best direct source; for a
     * target no representative reaches, the fallback of {@link #ranked}. Empty also when no source
     * is connected to the target at all.
     */
    Optional<Plan> next(String target, TaskGraph graph, ClusterState clusters) {
        Ranked ranked = ranked(target, graph, clusters);
        if (ranked.paths().isEmpty()) {
            return Optional.empty();
        }
        TransferPath best = ranked.paths().get(0);
        List<Plan.Term> terms =
                best.terms().stream()
                        .map(t -> new Plan.Term(t.from(), t.to(), t.weight()))
                        .toList();
        List<Plan.Alternative> alternatives =
                ranked.paths().subList(1, ranked.paths().size()).stream()
                        .map(p -> new Plan.Alternative(p.path(), p.cost()))
                        .toList();
        Plan.Direct direct =
                OptimalTransfer.bestDirect(target, graph.ids(Role.SOURCE), graph::weight)
                        .map(d -> new Plan.Direct(d.from(), d.weight()))
                        .orElse(null);
        Plan previous = plans.get(target);
        if (previous != null
                && previous.path().equals(best.path())
                && previous.cost() == best.cost()
                && previous.terms().equals(terms)
                && previous.alternatives().equals(alternatives)
                && Objects.equals(previous.direct(), direct)
                && Objects.equals(previous.fallback(), ranked.fallback())) {
            return Optional.empty();
        }
        return Optional.of(
                new Plan(
                        target,
                        previous == null ? 1 : previous.version() + 1,
                        best.path(),
                        best.cost(),
                        terms,
                        alternatives,
                        direct,
                        clusters.version(),
                        graph.weightsVersion(),
                        clock.instant(),
                        ranked.fallback()));
    }

    /**
     * The paper's OST paths from the representatives; where none is connected, paths of the same
     * form from the connected source closest to the target (argmin w(s, t)) through its cluster;
     * where that has none either, the direct transfer from that source. Never a silent absence: the
     * plan says which, and why.
     */
    private Ranked ranked(String target, TaskGraph graph, ClusterState clusters) {
        return ranked(
                new OptimalTransfer(settings.pathLength(), settings.alternatives()),
                target,
                graph,
                clusters);
    }

    /**
     * Every admissible path of the target's plan form, cheapest first: the paper's from the
     * representatives, or the fallback's from the closest connected source (an audit's grid).
     */
    List<TransferPath> allPaths(String target, TaskGraph graph, ClusterState clusters) {
        return ranked(
                        new OptimalTransfer(settings.pathLength(), Integer.MAX_VALUE - 1),
                        target,
                        graph,
                        clusters)
                .paths();
    }

    private Ranked ranked(
            OptimalTransfer search, String target, TaskGraph graph, ClusterState clusters) {
        List<TransferPath> paper =
                search.rank(
                        target, clusters.clustering(), clusters.representatives(), graph::weight);
        if (!paper.isEmpty()) {
            return new Ranked(paper, null);
        }
        Optional<TransferPath.Term> closest =
                OptimalTransfer.bestDirect(target, graph.ids(Role.SOURCE), graph::weight);
        if (closest.isEmpty()) {
            return new Ranked(List.of(), null);
        }
        String source = closest.get().from();
        String why =
                String.format(
                        Locale.ROOT,
                        "no representative reaches %s along a connected path (eq. 8); ",
                        target);
        int cluster = clusters.clustering().clusterOf(source);
        List<String> pool = cluster < 0 ? List.of() : clusters.clustering().clusters().get(cluster);
        List<TransferPath> fromClosest = search.rankFrom(target, source, pool, graph::weight);
        if (!fromClosest.isEmpty()) {
            return new Ranked(
                    fromClosest,
                    why
                            + String.format(
                                    Locale.ROOT,
                                    "the path starts at the connected source closest to it, %s"
                                            + " (w = %.4f), through its cluster",
                                    source,
                                    closest.get().weight()));
        }
        TransferPath direct =
                new TransferPath(List.of(source), closest.get().weight(), List.of(closest.get()));
        return new Ranked(
                List.of(direct),
                why
                        + String.format(
                                Locale.ROOT,
                                "the connected source closest to it, %s (w = %.4f), has no"
                                        + " connected path through its cluster: direct transfer"
                                        + " from it",
                                source,
                                closest.get().weight()));
    }
}
