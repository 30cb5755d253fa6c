package io.ostflow.planner.planning;

import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.AuditScheduled;
import io.ostflow.common.events.GraphReclustered;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingFailed;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.events.TrainingProgress;
import io.ostflow.planner.evaluation.audit.AuditDesign;
import io.ostflow.planner.evaluation.audit.AuditReport;
import io.ostflow.planner.graph.Clustering;
import io.ostflow.planner.ledger.JobBook;
import io.ostflow.planner.ledger.JobStatus;
import io.ostflow.planner.ledger.Recommendation;
import io.ostflow.planner.ledger.Recommender;
import io.ostflow.planner.ledger.TrainedModel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The planner's decisions over its state, framework-free. The state lives in one holder per
 * concern: {@link TaskGraph} (tasks and edges), {@link Clusters} (clustering and representatives),
 * {@link PlanBook} (a plan per target), {@link JobBook} (jobs and results) and {@link AuditBook}
 * (audits); each is rebuilt at a restart from its compacted topic (clusters by the first replan).
 * Commands are {@code put*}, {@code restore*} and the {@code *ed} events; queries are nouns.
 *
 * <p>Concurrency: the holders are plain objects and this engine is their only owner; every method
 * holds the engine's monitor, so the Kafka listener's threads, the replan scheduler's thread and
 * the HTTP threads see one consistent state. A replan is at most a few milliseconds for the graphs
 * ostflow plans (docs/benchmarks.md), so one lock is the simplest model that is fast enough.
 */
public final class PlanningEngine {
    private final TaskGraph graph = new TaskGraph();
    private final Clusters clusters;
    private final PlanBook plans;
    private final JobBook jobs = new JobBook();
    private final AuditBook audits;
    private final TrainingJobs trainingJobs;

    public PlanningEngine(PlannerSettings settings, Clock clock) {
        Objects.requireNonNull(settings);
        Objects.requireNonNull(clock);
        this.clusters = new Clusters(settings, clock);
        this.plans = new PlanBook(settings, clock);
        this.audits = new AuditBook(settings, clock);
        this.trainingJobs = new TrainingJobs(settings, clock);
    }

    /** What one replan produced; {@code retired}: targets whose plan goes (a tombstone). */
    public record Result(
            Optional<GraphReclustered> graph,
            List<Plan> plans,
            List<TrainingJob> jobs,
            List<String> retired) {}

    /**
     * An audit designed but not yet recorded.
     *
     * @param jobs every job of the audit, new or shared with an earlier one (none when known)
     * @param known true when this audit was recorded before
     */
    public record PreparedAudit(AuditScheduled audit, List<TrainingJob> jobs, boolean known) {}

    public synchronized void putTask(TaskRegistered task) {
        graph.put(task);
    }

    public synchronized void putEdge(AffinityEdge edge) {
        graph.put(edge);
    }

    /** A withdrawn task: it and its edges leave the graph; the next replan retires its plans. */
    public synchronized void removeTask(TaskId task) {
        graph.remove(task);
    }

    /** A retired edge (a tombstone, keyed by the two task ids sorted). */
    public synchronized void removeEdge(String key) {
        graph.removeEdge(key);
    }

    /** A plan published before a restart: keeps its version, so unchanged plans are not re-sent. */
    public synchronized void restorePlan(Plan plan) {
        plans.put(plan);
    }

    /** A job enqueued before a restart: never enqueued again. */
    public synchronized void restoreJob(TrainingJob job) {
        jobs.enqueue(job);
    }

    public synchronized void progress(TrainingProgress p) {
        jobs.progress(p);
    }

    /** Records a result; true when it is a score a plan waits for (then replan). */
    public synchronized boolean completed(TrainingCompleted c) {
        jobs.completed(c);
        return isScoring(c.jobId());
    }

    /** Records a failure; true when a plan waits for that scoring job (then replan). */
    public synchronized boolean failed(TrainingFailed f) {
        jobs.failed(f);
        return isScoring(f.jobId());
    }

    private boolean isScoring(String jobId) {
        return jobs.get(jobId).map(s -> s.job().kind() == JobKind.SCORE).orElse(false);
    }

    /**
     * A replan prepared but not recorded: publish {@link #result()}, then {@link #commitReplan}.
     */
    public static final class PreparedReplan {
        private final Optional<Clusters.Reclustering> reclustering;
        private final Result result;

        private PreparedReplan(Optional<Clusters.Reclustering> reclustering, Result result) {
            this.reclustering = reclustering;
            this.result = result;
        }

        /** What the replan publishes: the reclustering, the changed plans, the new jobs. */
        public Result result() {
            return result;
        }
    }

    /**
     * Reclusters if the source subgraph changed, then plans every target, recording nothing: the
     * result holds only plans whose result changed and jobs never enqueued before. Until {@link
     * #commitReplan}, the same state prepares the same replan again, so a publish that failed loses
     * nothing.
     */
    public synchronized PreparedReplan prepareReplan() {
        Optional<Clusters.Reclustering> reclustering = clusters.next(graph);
        ClusterState state =
                reclustering.map(Clusters.Reclustering::state).orElse(clusters.current());
        List<Plan> changed = new ArrayList<>();
        List<TrainingJob> newJobs = new ArrayList<>();
        for (String target : graph.ids(Role.TARGET)) {
            Optional<Plan> plan = plans.next(target, graph, state, jobs::get);
            if (plan.isEmpty()) {
                continue;
            }
            changed.add(plan.get());
            List<TrainingJob> planned =
                    new ArrayList<>(plans.scoringJobs(plan.get(), graph::trainingCases));
            planned.addAll(trainingJobs.of(plan.get(), graph::trainingCases));
            for (TrainingJob job : planned) {
                if (jobs.get(job.jobId()).isEmpty()
                        && newJobs.stream().noneMatch(j -> j.jobId().equals(job.jobId()))) {
                    newJobs.add(job);
                }
            }
        }
        List<String> retired = plans.orphaned(graph, changed.stream().map(Plan::target).toList());
        return new PreparedReplan(
                reclustering,
                new Result(
                        reclustering.map(Clusters.Reclustering::event), changed, newJobs, retired));
    }

    /** Records a published replan: its clustering, plans and jobs become current. */
    public synchronized Result commitReplan(PreparedReplan prepared) {
        prepared.reclustering.ifPresent(clusters::apply);
        prepared.result.plans().forEach(plans::put);
        prepared.result.retired().forEach(plans::remove);
        prepared.result.jobs().forEach(jobs::enqueue);
        return prepared.result;
    }

    /** Prepares and commits at once: for callers that do not publish (tests, experiments). */
    public synchronized Result replan() {
        return commitReplan(prepareReplan());
    }

    /**
     * An audit designed on the current plans, not yet recorded: publish it and its jobs, then
     * {@link #commitAudit}, so that nothing is recorded that did not reach the topics. The same
     * request on the same plans gives the same audit.
     *
     * @throws IllegalArgumentException a target that is not a registered target task
     * @throws IllegalStateException a target without a plan or without candidates (yet)
     */
    public synchronized PreparedAudit prepareAudit(AuditDesign.Request request) {
        return audits.prepare(request, graph, clusters.current(), plans);
    }

    /** Records a published audit and its jobs; returns the jobs not known before. */
    public synchronized List<TrainingJob> commitAudit(PreparedAudit prepared) {
        audits.put(prepared.audit());
        return prepared.jobs().stream().filter(jobs::enqueue).toList();
    }

    /** An audit published before a restart (its jobs come back from the jobs topic). */
    public synchronized void restoreAudit(AuditScheduled audit) {
        audits.put(audit);
    }

    /** Every audit's report, oldest first. */
    public synchronized List<AuditReport> audits() {
        return audits.reports(jobs);
    }

    public synchronized Optional<AuditReport> audit(String id) {
        return audits.report(id, jobs);
    }

    public synchronized List<TaskRegistered> tasks() {
        return graph.tasks();
    }

    public synchronized Optional<TaskRegistered> task(String id) {
        return graph.task(id);
    }

    public synchronized List<AffinityEdge> edges() {
        return graph.edges();
    }

    /** The edge of a pair, if known. */
    public synchronized Optional<AffinityEdge> edge(String a, String b) {
        return graph.edge(a, b);
    }

    /** w(a, b), or NaN when the pair is unknown or unconnected. */
    public synchronized double weight(String a, String b) {
        return graph.weight(a, b);
    }

    public synchronized Clustering clustering() {
        return clusters.current().clustering();
    }

    public synchronized List<String> representatives() {
        return clusters.current().representatives();
    }

    public synchronized long graphVersion() {
        return clusters.current().version();
    }

    public synchronized List<Plan> plans() {
        return plans.all();
    }

    public synchronized Optional<Plan> plan(String target) {
        return plans.of(target);
    }

    /** Every model a job of this planner trained, by job id. */
    public synchronized List<TrainedModel> models() {
        return jobs.models();
    }

    /**
     * The model each target's site should use, by target; see {@link Recommender}. A model whose
     * lineage includes a withdrawn task is never recommended.
     */
    public synchronized List<Recommendation> recommendations() {
        List<TrainedModel> models = usableModels();
        return graph.ids(Role.TARGET).stream().map(t -> Recommender.recommend(t, models)).toList();
    }

    /** The recommendation of one target task. */
    public synchronized Recommendation recommendation(String target) {
        return Recommender.recommend(target, usableModels());
    }

    /** The tasks of a job's lineage that were withdrawn (its stages' and joint tasks). */
    public synchronized List<String> withdrawnLineage(TrainingJob job) {
        return graph.withdrawnOf(job);
    }

    private List<TrainedModel> usableModels() {
        return jobs.models().stream().filter(m -> graph.withdrawnOf(m.job()).isEmpty()).toList();
    }

    public synchronized List<JobStatus> jobs() {
        return jobs.all();
    }

    public synchronized Optional<JobStatus> job(String id) {
        return jobs.get(id);
    }
}
