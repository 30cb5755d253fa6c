package io.ostflow.planner.web;

import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.JobState;
import io.ostflow.common.events.Problem;
import io.ostflow.common.events.StageResult;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.planner.ledger.DatasetLedger;
import io.ostflow.planner.ledger.JobStatus;
import io.ostflow.planner.ledger.TrainedModel;
import java.time.Instant;
import java.util.List;

/** What the REST API returns: small records, never the engine's own objects. */
public final class Views {
    private Views() {}

    public record TaskView(
            String id,
            String site,
            String modality,
            String objective,
            String role,
            int samples,
            String datasetVersion,
            List<String> evaluationCases,
            List<String> unlabelledCases,
            String modalityName,
            String objectiveName,
            List<Integer> labelValues) {
        static TaskView of(TaskRegistered t) {
            return new TaskView(
                    t.task().toString(),
                    t.task().site(),
                    t.task().modality(),
                    t.task().objective(),
                    t.role().wireName(),
                    t.samples(),
                    t.datasetVersion(),
                    t.evaluationCases(),
                    t.unlabelledCases(),
                    t.modalityName(),
                    t.objectiveName(),
                    t.labelValues());
        }
    }

    public record EdgeView(
            String a,
            String b,
            double h,
            double r,
            Double weight,
            boolean connected,
            long weightsVersion) {
        static EdgeView of(AffinityEdge e) {
            return new EdgeView(
                    e.a(), e.b(), e.h(), e.r(), e.weight(), e.connected(), e.weightsVersion());
        }
    }

    public record NodeView(
            String id, String role, int samples, Integer cluster, boolean representative) {}

    public record ClusterView(int id, List<String> members, String representative) {}

    public record GraphView(
            long version,
            double modularity,
            List<NodeView> nodes,
            List<EdgeView> edges,
            List<ClusterView> clusters) {}

    public record Metrics(Double dice, Double iou) {}

    public record JobView(
            String id,
            String target,
            JobKind kind,
            JobState state,
            double progress,
            Metrics metrics,
            long planVersion,
            List<TrainingJob.Stage> stages,
            Budget budget,
            String message,
            Double validationDice,
            List<StageResult> outcomes,
            Double seconds,
            List<Integer> reusedStages) {
        static JobView of(JobStatus s) {
            TrainingJob j = s.job();
            return new JobView(
                    j.jobId(),
                    j.target(),
                    j.kind(),
                    s.state(),
                    s.progress(),
                    new Metrics(s.dice(), s.iou()),
                    j.planVersion(),
                    j.stages(),
                    Budget.of(j),
                    s.message(),
                    s.result() == null ? null : s.result().validationDice(),
                    s.result() == null ? List.of() : s.result().stages(),
                    s.result() == null ? null : seconds(s.result().stageSeconds()),
                    s.result() == null ? List.of() : s.result().reusedStages());
        }

        /**
         * What the job cost the trainer that ran it: its stages' seconds, those it reused from
         * another job near 0 (a scoring job's cost, for the transferability ranking).
         */
        private static Double seconds(List<Double> stageSeconds) {
            return stageSeconds == null
                    ? null
                    : stageSeconds.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /**
     * The training cases a job asked for: on tasks other than the target (pre-training and
     * intermediates) and on the target.
     */
    public record Budget(int sourceCases, int targetCases) {
        static Budget of(TrainingJob job) {
            int source = 0;
            int target = 0;
            for (TrainingJob.Stage stage : job.stages()) {
                if (!stage.type().trains()) {
                    continue;
                }
                if (stage.task().equals(job.target())) {
                    target += stage.cases();
                } else {
                    source += stage.cases();
                }
            }
            return new Budget(source, target);
        }
    }

    /**
     * A drop version; {@code imported}: for an imported site, the release's format and name and
     * each case's subject id in it (null otherwise).
     */
    public record DatasetView(
            String site,
            String version,
            String state,
            List<Problem> problems,
            List<Problem> warnings,
            Instant at,
            io.ostflow.common.events.DatasetRegistered.Imported imported) {
        static DatasetView of(DatasetLedger.Entry e) {
            return new DatasetView(
                    e.site(),
                    e.version(),
                    e.state(),
                    e.problems(),
                    e.warnings(),
                    e.at(),
                    e.imported());
        }
    }

    /** The body of every 4xx answer. */
    public record ErrorView(int status, String reason, String message) {}

    /**
     * A trained model: its job, scores, weights and card in the models bucket, its stages, and the
     * tasks of its lineage whose sites withdrew their data (then it is never recommended).
     */
    public record ModelView(
            String jobId,
            String target,
            String kind,
            double dice,
            double iou,
            String device,
            String weights,
            String card,
            List<StageView> stages,
            List<Integer> reusedStages,
            List<String> withdrawnLineage) {
        static ModelView of(TrainedModel m, List<String> withdrawnLineage) {
            TrainingCompleted c = m.result();
            return new ModelView(
                    c.jobId(),
                    c.target(),
                    c.kind().wire(),
                    c.dice(),
                    c.iou(),
                    c.device(),
                    c.modelKey(),
                    ObjectKeys.modelCard(c.jobId()),
                    m.job().stages().stream()
                            .map(s -> new StageView(s.type().wire(), s.task(), s.cases()))
                            .toList(),
                    c.reusedStages(),
                    withdrawnLineage);
        }
    }

    /**
     * A site's withdrawal and what it left behind.
     *
     * @param site the site
     * @param cause {@code descriptor-removed} or {@code operator-request}
     * @param withdrawnAt when the ingest-worker withdrew it
     * @param datasetVersions the drop versions withdrawn
     * @param tasks the tasks retired
     * @param tasksLeft those still in the planner's graph (empty once the tombstones arrived)
     * @param plansLeft plans of its targets, or whose path passes through it, still held (empty
     *     once the replan ran)
     * @param models the models whose lineage includes its tasks: never recommended again
     */
    public record WithdrawalView(
            String site,
            String cause,
            Instant withdrawnAt,
            List<String> datasetVersions,
            List<String> tasks,
            List<String> tasksLeft,
            List<String> plansLeft,
            List<LineageView> models) {}

    /** A model trained on a withdrawn site's data: its job, target, kind and those tasks. */
    public record LineageView(
            String jobId, String target, String kind, List<String> withdrawnTasks) {}

    /** One stage of a model's job. */
    public record StageView(String type, String task, int cases) {}

    /**
     * The body of POST /api/audits; absent numbers take the {@code ostflow.planner.audit.*}
     * defaults.
     *
     * @param targets target task ids
     * @param seeds training seeds per candidate
     * @param gridLimit the most direct sources and paths per target (0: all)
     * @param randomDraws draws of each random baseline
     */
    public record AuditRequest(
            List<String> targets,
            Integer seeds,
            Integer gridLimit,
            Integer randomDraws,
            List<String> rankings) {}

    /** The answer to POST /api/audits. */
    public record AuditScheduledView(String auditId, boolean created, int jobsEnqueued) {}
}
