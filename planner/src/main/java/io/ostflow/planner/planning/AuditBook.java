package io.ostflow.planner.planning;

import io.ostflow.common.Role;
import io.ostflow.common.events.AuditScheduled;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.events.TransferabilityScore;
import io.ostflow.planner.evaluation.audit.AuditDesign;
import io.ostflow.planner.evaluation.audit.AuditReport;
import io.ostflow.planner.evaluation.audit.AuditReporter;
import io.ostflow.planner.evaluation.audit.JobOutcome;
import io.ostflow.planner.graph.OptimalTransfer;
import io.ostflow.planner.ledger.JobBook;
import io.ostflow.planner.ledger.JobStatus;
import io.ostflow.planner.ledger.TrainingBudget;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The audits scheduled so far (docs/planner.md, Audits), from {@code ostflow.audits} at a restart;
 * each audit's report is computed from the {@link JobBook} when asked. Not thread-safe: {@link
 * PlanningEngine} owns it and guards it with its monitor.
 */
final class AuditBook {
    private final PlannerSettings settings;
    private final Clock clock;
    private final AuditDesign design;
    private final Map<String, AuditScheduled> audits = new TreeMap<>();
    private final Map<String, Built> reports = new java.util.HashMap<>();

    AuditBook(PlannerSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.design =
                new AuditDesign(
                        new TrainingBudget(
                                settings.directCases(),
                                settings.pretrainCases(),
                                settings.finetuneCases()),
                        settings.seed());
    }

    /** The audit {@code request} asks for on the current plans; see PlanningEngine#prepareAudit. */
    PlanningEngine.PreparedAudit prepare(
            AuditDesign.Request asked, TaskGraph graph, ClusterState clusters, PlanBook plans) {
        AuditDesign.Request request = asked.covering(settings.alternatives() + 1);
        List<Plan> audited = new ArrayList<>();
        for (String target : request.targets().stream().distinct().sorted().toList()) {
            TaskRegistered task = graph.task(target).orElse(null);
            if (task == null || task.role() != Role.TARGET) {
                throw new IllegalArgumentException(target + " is not a registered target task");
            }
            audited.add(
                    plans.of(target)
                            .orElseThrow(() -> new IllegalStateException("no plan for " + target)));
        }
        String id = AuditDesign.auditId(request, audited);
        if (audits.containsKey(id)) {
            return new PlanningEngine.PreparedAudit(audits.get(id), List.of(), true);
        }
        List<String> sources = graph.ids(Role.SOURCE);
        List<AuditScheduled.Target> targets = new ArrayList<>();
        List<TrainingJob> jobs = new ArrayList<>();
        for (Plan plan : audited) {
            AuditDesign.Designed designed =
                    design.design(
                            id,
                            request,
                            plan,
                            plans.allPaths(plan.target(), graph, clusters),
                            OptimalTransfer.connectedSources(plan.target(), sources, graph::weight),
                            graph::trainingCases,
                            clock.instant());
            targets.add(designed.target());
            jobs.addAll(designed.jobs());
        }
        AuditScheduled audit =
                new AuditScheduled(
                        id,
                        design.seeds(request.seeds()),
                        request.gridLimit(),
                        request.randomDraws(),
                        targets,
                        clock.instant(),
                        request.rankings());
        return new PlanningEngine.PreparedAudit(audit, jobs, false);
    }

    /** Records an audit (published, or read back at a restart); a known id keeps the first. */
    void put(AuditScheduled audit) {
        audits.putIfAbsent(audit.auditId(), audit);
    }

    /** Every audit's report, oldest first. */
    List<AuditReport> reports(JobBook jobs) {
        return audits.values().stream()
                .sorted((a, b) -> a.scheduledAt().compareTo(b.scheduledAt()))
                .map(a -> report(a, jobs))
                .toList();
    }

    Optional<AuditReport> report(String id, JobBook jobs) {
        return Optional.ofNullable(audits.get(id)).map(a -> report(a, jobs));
    }

    /**
     * An audit's report, rebuilt only when a job changed since the last one (a dashboard polls
     * every few seconds, under the engine's monitor).
     */
    private AuditReport report(AuditScheduled audit, JobBook jobs) {
        Built built = built(audit.auditId());
        if (built != null && built.changes() == jobs.changes()) {
            return built.report();
        }
        AuditReport report =
                AuditReporter.report(
                        audit,
                        id -> jobs.get(id).map(s -> outcome(id, s, jobs)),
                        settings.alternatives() + 1,
                        settings.transferabilityScore());
        reports.put(audit.auditId(), new Built(jobs.changes(), report));
        return report;
    }

    private Built built(String auditId) {
        return reports.get(auditId);
    }

    /** A report and the job book's change count it was built at. */
    private record Built(long changes, AuditReport report) {}

    /**
     * A job's state, held-out and validation Dice, and for a transfer its transferability scores,
     * the planner's first.
     */
    private JobOutcome outcome(String id, JobStatus status, JobBook jobs) {
        Optional<TrainingCompleted> result = jobs.result(id);
        Map<TransferabilityScore, Double> scores = new EnumMap<>(TransferabilityScore.class);
        result.ifPresent(
                r -> {
                    for (TransferabilityScore score : TransferabilityScore.values()) {
                        if (r.score(score) != null) {
                            scores.put(score, r.score(score));
                        }
                    }
                });
        return new JobOutcome(
                status.state(),
                status.dice(),
                scores.get(settings.transferabilityScore()),
                result.map(TrainingCompleted::validationDice).orElse(null),
                scores);
    }
}
