package io.ostflow.planner.planning;

import io.ostflow.common.Role;
import io.ostflow.common.events.Plan;
import io.ostflow.planner.graph.OptimalTransfer;
import io.ostflow.planner.graph.TransferPath;
import java.time.Clock;
import java.util.List;
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

    /**
     * The new plan of a target, if it differs from the current one in any result field: the OST
     * path (eq. 8) over the representatives, its alternatives and the best direct source.
     */
    Optional<Plan> next(String target, TaskGraph graph, ClusterState clusters) {
        List<TransferPath> ranked =
                new OptimalTransfer(settings.pathLength(), settings.alternatives())
                        .rank(
                                target,
                                clusters.clustering(),
                                clusters.representatives(),
                                graph::weight);
        if (ranked.isEmpty()) {
            return Optional.empty();
        }
        TransferPath best = ranked.get(0);
        List<Plan.Term> terms =
                best.terms().stream()
                        .map(t -> new Plan.Term(t.from(), t.to(), t.weight()))
                        .toList();
        List<Plan.Alternative> alternatives =
                ranked.subList(1, ranked.size()).stream()
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
                && Objects.equals(previous.direct(), direct)) {
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
                        clock.instant()));
    }
}
