package io.ostflow.planner.service;

import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.AuditScheduled;
import io.ostflow.common.events.GraphReclustered;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingFailed;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.events.TrainingProgress;
import io.ostflow.planner.audit.AuditDesign;
import io.ostflow.planner.audit.AuditReport;
import io.ostflow.planner.audit.AuditReporter;
import io.ostflow.planner.graph.Clustering;
import io.ostflow.planner.graph.GirvanNewman;
import io.ostflow.planner.graph.IndexedGraph;
import io.ostflow.planner.graph.KnnSparsifier;
import io.ostflow.planner.graph.OptimalTransfer;
import io.ostflow.planner.graph.Representatives;
import io.ostflow.planner.graph.TransferPath;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.ToDoubleBiFunction;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * The planner's state and decisions, framework-free: the task graph (JGraphT, weighted by w,
 * unconnected pairs without an edge), its clustering, representatives, one plan per target, and the
 * jobs of each plan ({@link TrainingJobs} builds them, {@link JobBook} follows them). Commands are
 * {@code put*} and the {@code *ed} events; queries are nouns. {@link #replan()} reclusters only
 * when the source subgraph changed, and returns only plans whose result changed and jobs never
 * enqueued before. Thread-safe.
 *
 * <p>About 300 lines: the graph state and its planning steps (recluster, representatives, OST per
 * target) read in one place; job building and tracking live in their own classes.
 */
public final class PlanningEngine {
    private final PlannerSettings settings;
    private final Clock clock;
    private final Map<TaskId, TaskRegistered> tasks = new TreeMap<>();
    private final Map<String, AffinityEdge> edges = new HashMap<>();
    private final Map<String, Plan> plans = new TreeMap<>();
    private final JobBook jobs = new JobBook();
    private final TrainingJobs trainingJobs;
    private final AuditDesign auditDesign;
    private final Map<String, AuditScheduled> audits = new TreeMap<>();
    private Clustering clustering = new Clustering(List.of(), 0, 0);
    private List<String> representatives = List.of();
    private String clusteredSignature = "";
    private long graphVersion;

    public PlanningEngine(PlannerSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
        this.trainingJobs = new TrainingJobs(settings, clock);
        this.auditDesign =
                new AuditDesign(
                        new TrainingBudget(
                                settings.directCases(),
                                settings.pretrainCases(),
                                settings.finetuneCases()),
                        settings.seed());
    }

    /** What one replan produced. */
    public record Result(
            Optional<GraphReclustered> graph, List<Plan> plans, List<TrainingJob> jobs) {}

    public synchronized void putTask(TaskRegistered task) {
        tasks.put(task.task(), task);
    }

    public synchronized void putEdge(AffinityEdge edge) {
        edges.put(edge.key(), edge);
    }

    /** A plan published before a restart: keeps its version, so unchanged plans are not re-sent. */
    public synchronized void restorePlan(Plan plan) {
        plans.put(plan.target(), plan);
    }

    /** A job enqueued before a restart: never enqueued again. */
    public synchronized void restoreJob(TrainingJob job) {
        jobs.enqueue(job);
    }

    public synchronized void progress(TrainingProgress p) {
        jobs.progress(p);
    }

    public synchronized void completed(TrainingCompleted c) {
        jobs.completed(c);
    }

    public synchronized void failed(TrainingFailed f) {
        jobs.failed(f);
    }

    /** Reclusters if the source subgraph changed, then plans every target. */
    public synchronized Result replan() {
        List<String> sources = ids(Role.SOURCE);
        Graph<String, DefaultWeightedEdge> sourceGraph = graph(sources);
        Optional<GraphReclustered> reclustered = Optional.empty();
        String signature = signature(sourceGraph);
        if (!signature.equals(clusteredSignature)) {
            reclustered = Optional.of(recluster(sourceGraph));
            clusteredSignature = signature;
        }
        List<Plan> changed = new ArrayList<>();
        List<TrainingJob> newJobs = new ArrayList<>();
        for (String target : ids(Role.TARGET)) {
            plan(target, sources)
                    .ifPresent(
                            plan -> {
                                changed.add(plan);
                                plans.put(target, plan);
                                for (TrainingJob job : trainingJobs.of(plan, this::trainingCases)) {
                                    if (jobs.enqueue(job)) {
                                        newJobs.add(job);
                                    }
                                }
                            });
        }
        return new Result(reclustered, changed, newJobs);
    }

    /** A task's training cases, as registered; empty for a task not (yet) known. */
    private OptionalInt trainingCases(String task) {
        TaskRegistered t = tasks.get(TaskId.parse(task));
        return t == null ? OptionalInt.empty() : OptionalInt.of(t.samples());
    }

    // --- audits ------------------------------------------------------------------------------

    /**
     * An audit designed but not yet recorded.
     *
     * @param jobs every job of the audit, new or shared with an earlier one (none when known)
     * @param known true when this audit was recorded before
     */
    public record PreparedAudit(AuditScheduled audit, List<TrainingJob> jobs, boolean known) {}

    /**
     * An audit designed on the current plans, not yet recorded: publish it and its jobs, then
     * {@link #commitAudit}, so that nothing is recorded that did not reach the topics. The same
     * request on the same plans gives the same audit.
     *
     * @throws IllegalArgumentException a target that is not a registered target task
     * @throws IllegalStateException a target without a plan or without candidates (yet)
     */
    public synchronized PreparedAudit prepareAudit(AuditDesign.Request request) {
        List<Plan> audited = new ArrayList<>();
        for (String target : request.targets().stream().distinct().sorted().toList()) {
            TaskRegistered task = task(target).orElse(null);
            if (task == null || task.role() != Role.TARGET) {
                throw new IllegalArgumentException(target + " is not a registered target task");
            }
            audited.add(
                    plan(target)
                            .orElseThrow(() -> new IllegalStateException("no plan for " + target)));
        }
        String id = AuditDesign.auditId(request, audited);
        if (audits.containsKey(id)) {
            return new PreparedAudit(audits.get(id), List.of(), true);
        }
        List<String> sources = ids(Role.SOURCE);
        List<AuditScheduled.Target> targets = new ArrayList<>();
        List<TrainingJob> auditJobs = new ArrayList<>();
        for (Plan plan : audited) {
            AuditDesign.Designed designed =
                    auditDesign.design(
                            id,
                            request,
                            plan,
                            new OptimalTransfer(settings.pathLength(), Integer.MAX_VALUE - 1)
                                    .rank(plan.target(), clustering, representatives, this::weight),
                            OptimalTransfer.connectedSources(plan.target(), sources, this::weight),
                            this::trainingCases,
                            clock.instant());
            targets.add(designed.target());
            auditJobs.addAll(designed.jobs());
        }
        AuditScheduled audit =
                new AuditScheduled(
                        id,
                        auditDesign.seeds(request.seeds()),
                        request.gridLimit(),
                        request.randomDraws(),
                        targets,
                        clock.instant());
        return new PreparedAudit(audit, auditJobs, false);
    }

    /** Records a published audit and its jobs; returns the jobs not known before. */
    public synchronized List<TrainingJob> commitAudit(PreparedAudit prepared) {
        audits.putIfAbsent(prepared.audit().auditId(), prepared.audit());
        return prepared.jobs().stream().filter(jobs::enqueue).toList();
    }

    /** An audit published before a restart (its jobs come back from the jobs topic). */
    public synchronized void restoreAudit(AuditScheduled audit) {
        audits.put(audit.auditId(), audit);
    }

    /** Every audit's report, oldest first. */
    public synchronized List<AuditReport> audits() {
        return audits.values().stream()
                .sorted((a, b) -> a.scheduledAt().compareTo(b.scheduledAt()))
                .map(this::report)
                .toList();
    }

    public synchronized Optional<AuditReport> audit(String id) {
        return Optional.ofNullable(audits.get(id)).map(this::report);
    }

    private AuditReport report(AuditScheduled audit) {
        return AuditReporter.report(audit, id -> jobs.get(id).map(s -> outcome(id, s)));
    }

    /** A job's state, Dice and, for a direct job, the LEEP its result carries. */
    private AuditReporter.Outcome outcome(String id, JobStatus status) {
        Double leep = jobs.result(id).map(TrainingCompleted::leep).orElse(null);
        return new AuditReporter.Outcome(status.state(), status.dice(), leep);
    }

    // --- views -------------------------------------------------------------------------------

    public synchronized List<TaskRegistered> tasks() {
        return List.copyOf(tasks.values());
    }

    public synchronized Optional<TaskRegistered> task(String id) {
        return TaskId.isValid(id)
                ? Optional.ofNullable(tasks.get(TaskId.parse(id)))
                : Optional.empty();
    }

    public synchronized List<AffinityEdge> edges() {
        return edges.values().stream().sorted((a, b) -> a.key().compareTo(b.key())).toList();
    }

    public synchronized Clustering clustering() {
        return clustering;
    }

    public synchronized List<String> representatives() {
        return representatives;
    }

    public synchronized long graphVersion() {
        return graphVersion;
    }

    public synchronized List<Plan> plans() {
        return List.copyOf(plans.values());
    }

    public synchronized Optional<Plan> plan(String target) {
        return Optional.ofNullable(plans.get(target));
    }

    /** Every model a job of this planner trained, by job id. */
    public synchronized List<TrainedModel> models() {
        return jobs.models();
    }

    /** The model each target's site should use, by target; see {@link Recommender}. */
    public synchronized List<Recommendation> recommendations() {
        List<TrainedModel> models = jobs.models();
        return ids(Role.TARGET).stream().map(t -> Recommender.recommend(t, models)).toList();
    }

    /** The recommendation of one target task. */
    public synchronized Recommendation recommendation(String target) {
        return Recommender.recommend(target, jobs.models());
    }

    public synchronized List<JobStatus> jobs() {
        return jobs.all();
    }

    public synchronized Optional<JobStatus> job(String id) {
        return jobs.get(id);
    }

    /** The edge of a pair, if known. */
    public synchronized Optional<AffinityEdge> edge(String a, String b) {
        return Optional.ofNullable(edges.get(AffinityEdge.key(a, b)));
    }

    /** w(a, b), or NaN when the pair is unknown or unconnected. */
    public synchronized double weight(String a, String b) {
        AffinityEdge edge = edges.get(AffinityEdge.key(a, b));
        return edge == null || !edge.connected() || edge.weight() == null
                ? Double.NaN
                : edge.weight();
    }

    // --- internals ---------------------------------------------------------------------------

    private List<String> ids(Role role) {
        return tasks.values().stream()
                .filter(t -> t.role() == role)
                .map(t -> t.task().toString())
                .sorted()
                .toList();
    }

    private Graph<String, DefaultWeightedEdge> graph(List<String> vertices) {
        Graph<String, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        vertices.forEach(g::addVertex);
        for (int i = 0; i < vertices.size(); i++) {
            for (int j = i + 1; j < vertices.size(); j++) {
                double w = weight(vertices.get(i), vertices.get(j));
                if (!Double.isNaN(w)) {
                    g.setEdgeWeight(g.addEdge(vertices.get(i), vertices.get(j)), w);
                }
            }
        }
        return g;
    }

    private static String signature(Graph<String, DefaultWeightedEdge> g) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        g.vertexSet().stream()
                .sorted()
                .forEach(v -> sha.update((v + ";").getBytes(StandardCharsets.UTF_8)));
        g.edgeSet().stream()
                .map(
                        e ->
                                AffinityEdge.key(g.getEdgeSource(e), g.getEdgeTarget(e))
                                        + "="
                                        + g.getEdgeWeight(e))
                .sorted()
                .forEach(s -> sha.update((s + ";").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(sha.digest());
    }

    private GraphReclustered recluster(Graph<String, DefaultWeightedEdge> sourceGraph) {
        Map<String, String> before = representativeOf();
        List<String> previousRepresentatives = representatives;
        clustering =
                new GirvanNewman(settings.weightedBetweenness(), settings.clusters())
                        .cluster(IndexedGraph.of(clusteredGraph(sourceGraph)));
        Map<String, Integer> samples = new HashMap<>();
        tasks.values().forEach(t -> samples.put(t.task().toString(), t.samples()));
        representatives =
                new Representatives(settings.representativeRule())
                        .choose(clustering, samples, this::weight);
        graphVersion++;
        Map<String, String> after = representativeOf();
        List<String> moved =
                after.keySet().stream()
                        .filter(t -> !after.get(t).equals(before.get(t)))
                        .sorted()
                        .toList();
        List<GraphReclustered.Cluster> clusters = new ArrayList<>();
        for (int c = 0; c < clustering.clusters().size(); c++) {
            clusters.add(
                    new GraphReclustered.Cluster(
                            c, clustering.clusters().get(c), representatives.get(c)));
        }
        return new GraphReclustered(
                graphVersion,
                clusters,
                clustering.modularity(),
                settings.weightedBetweenness() ? "weighted" : "unweighted",
                moved,
                !previousRepresentatives.equals(representatives),
                clock.instant());
    }

    /**
     * The graph Girvan-Newman runs on: the full source graph, or its k-NN graph when sparsify.k >
     * 0.
     */
    private Graph<String, DefaultWeightedEdge> clusteredGraph(
            Graph<String, DefaultWeightedEdge> sourceGraph) {
        return settings.sparsifyK() > 0
                ? KnnSparsifier.sparsify(sourceGraph, settings.sparsifyK())
                : sourceGraph;
    }

    private Map<String, String> representativeOf() {
        Map<String, String> of = new HashMap<>();
        for (int c = 0; c < clustering.clusters().size(); c++) {
            for (String member : clustering.clusters().get(c)) {
                of.put(member, representatives.get(c));
            }
        }
        return of;
    }

    /** The new plan of a target, if it differs from the current one in any result field. */
    private Optional<Plan> plan(String target, List<String> sources) {
        ToDoubleBiFunction<String, String> w = this::weight;
        List<TransferPath> ranked =
                new OptimalTransfer(settings.pathLength(), settings.alternatives())
                        .rank(target, clustering, representatives, w);
        Optional<TransferPath.Term> direct = OptimalTransfer.bestDirect(target, sources, w);
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
        Plan.Direct baseline = direct.map(d -> new Plan.Direct(d.from(), d.weight())).orElse(null);
        Plan previous = plans.get(target);
        if (previous != null
                && previous.path().equals(best.path())
                && previous.cost() == best.cost()
                && previous.terms().equals(terms)
                && previous.alternatives().equals(alternatives)
                && Objects.equals(previous.direct(), baseline)) {
            return Optional.empty();
        }
        long version = previous == null ? 1 : previous.version() + 1;
        long weightsVersion =
                edges.values().stream().mapToLong(AffinityEdge::weightsVersion).max().orElse(0);
        return Optional.of(
                new Plan(
                        target,
                        version,
                        best.path(),
                        best.cost(),
                        terms,
                        alternatives,
                        baseline,
                        graphVersion,
                        weightsVersion,
                        clock.instant()));
    }
}
