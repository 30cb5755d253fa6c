package io.ostflow.planner.planning;

import io.ostflow.common.Role;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.PlanRanking;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.planner.graph.OptimalTransfer;
import io.ostflow.planner.graph.TransferPath;
import io.ostflow.planner.ledger.JobStatus;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One plan per target (docs/algorithm.md section 7), from {@code ostflow.plans} at a restart (each
 * keeps its version, so an unchanged plan is not re-sent) and from each replan. Not thread-safe:
 * {@link PlanningEngine} owns it and guards it with its monitor.
 */
final class PlanBook {
    private final PlannerSettings settings;
    private final Clock clock;
    private final Map<String, Plan> plans = new TreeMap<>();
    private final TransferabilityRanking transferability;

    PlanBook(PlannerSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.transferability =
                new TransferabilityRanking(
                        settings.alternatives(),
                        new ScoringJobs(settings, clock),
                        settings.transferabilityScore(),
                        settings.singleSourcePlans());
    }

    void put(Plan plan) {
        plans.put(plan.target(), plan);
    }

    /**
     * The targets whose plan must go, leaving {@code replaced} aside (they get a new plan): the
     * target was withdrawn, or a task the plan names was and no new plan exists.
     */
    List<String> orphaned(TaskGraph graph, List<String> replaced) {
        return plans.values().stream()
                .filter(p -> !replaced.contains(p.target()))
                .filter(p -> tasksOf(p).stream().anyMatch(t -> !graph.contains(t)))
                .map(Plan::target)
                .toList();
    }

    void remove(String target) {
        plans.remove(target);
    }

    private static List<String> tasksOf(Plan plan) {
        List<String> tasks = new java.util.ArrayList<>(plan.path());
        tasks.add(plan.target());
        plan.alternatives().forEach(a -> tasks.addAll(a.path()));
        if (plan.direct() != null) {
            tasks.add(plan.direct().source());
        }
        plan.scores().forEach(s -> tasks.addAll(s.sources()));
        return tasks;
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
     * target no representative reaches, the fallback of {@link #ranked}; under the transferability
     * ranking, that shortlist in the order its scores decide ({@link TransferabilityRanking}).
     * Empty also when no source is connected to the target at all.
     *
     * @param jobs what the planner knows of a job (a scoring job's LEEP), by id
     */
    Optional<Plan> next(
            String target,
            TaskGraph graph,
            ClusterState clusters,
            Function<String, Optional<JobStatus>> jobs) {
        Ranked ranked = ranked(target, graph, clusters);
        if (ranked.paths().isEmpty()) {
            return Optional.empty();
        }
        Plan previous = plans.get(target);
        long version = previous == null ? 1 : previous.version() + 1;
        TransferabilityRanking.Decision decision =
                rank(target, version, ranked.paths(), graph, jobs);
        TransferPath best = decision.paths().get(0);
        List<Plan.Term> terms =
                best.terms().stream()
                        .map(t -> new Plan.Term(t.from(), t.to(), t.weight()))
                        .toList();
        List<Plan.Alternative> alternatives =
                decision.paths().subList(1, decision.paths().size()).stream()
                        .map(p -> new Plan.Alternative(p.path(), p.cost()))
                        .toList();
        Plan.Direct direct =
                decision.directs().stream()
                        .findFirst()
                        .map(d -> new Plan.Direct(d.from(), d.weight()))
                        .orElse(null);
        PlanRanking ranking =
                decision.decided() ? PlanRanking.TRANSFERABILITY : PlanRanking.AFFINITY;
        if (previous != null
                && previous.path().equals(best.path())
                && previous.cost() == best.cost()
                && previous.terms().equals(terms)
                && previous.alternatives().equals(alternatives)
                && Objects.equals(previous.direct(), direct)
                && Objects.equals(previous.fallback(), ranked.fallback())
                && previous.ranking() == ranking
                && previous.scores().equals(decision.scores())) {
            return Optional.empty();
        }
        return Optional.of(
                new Plan(
                        target,
                        version,
                        best.path(),
                        best.cost(),
                        terms,
                        alternatives,
                        direct,
                        clusters.version(),
                        graph.weightsVersion(),
                        clock.instant(),
                        ranked.fallback(),
                        ranking,
                        decision.scores()));
    }

    /** The affinity order as it is, or the transferability ranking's decision over it. */
    private TransferabilityRanking.Decision rank(
            String target,
            long version,
            List<TransferPath> paths,
            TaskGraph graph,
            Function<String, Optional<JobStatus>> jobs) {
        List<TransferPath.Term> directs =
                OptimalTransfer.connectedSources(target, graph.ids(Role.SOURCE), graph::weight);
        if (settings.ranking() == PlanRanking.AFFINITY) {
            return new TransferabilityRanking.Decision(paths, directs, List.of(), false);
        }
        return transferability.rank(target, version, paths, directs, graph::trainingCases, jobs);
    }

    /** The scoring jobs of a plan of the transferability ranking (none for the affinity one). */
    List<TrainingJob> scoringJobs(Plan plan, Function<String, OptionalInt> available) {
        return transferability.jobs(plan, available);
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
