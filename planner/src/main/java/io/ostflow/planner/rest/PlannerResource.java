package io.ostflow.planner.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.PredictionsWritten;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.planner.audit.AuditCharts;
import io.ostflow.planner.audit.AuditDesign;
import io.ostflow.planner.audit.AuditMarkdown;
import io.ostflow.planner.audit.AuditReport;
import io.ostflow.planner.calibration.CalibrationService;
import io.ostflow.planner.calibration.CrossValidation;
import io.ostflow.planner.config.PlannerConfig;
import io.ostflow.planner.graph.Clustering;
import io.ostflow.planner.service.DatasetLedger;
import io.ostflow.planner.service.FlowHealth;
import io.ostflow.planner.service.PlannerPublisher;
import io.ostflow.planner.service.PlanningEngine;
import io.ostflow.planner.service.PredictionBook;
import io.ostflow.planner.service.Recommendation;
import io.ostflow.planner.service.ReplanScheduler;
import io.ostflow.planner.service.WeightsState;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The planner's REST API (JSON); OpenAPI at /q/openapi, Swagger UI at /q/swagger-ui. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class PlannerResource {

    @Inject PlanningEngine engine;

    @Inject DatasetLedger datasets;

    @Inject PredictionBook predictions;

    @Inject WeightsState weights;

    @Inject ReplanScheduler replan;

    @Inject ApiAccess access;

    @Inject CurrentVertxRequest request;

    @Inject CalibrationService calibration;

    @Inject FlowHealth flow;

    @Inject PlannerPublisher publisher;

    @Inject PlannerConfig config;

    @GET
    @Path("/tasks")
    @Operation(summary = "Every registered task, sources and targets")
    public List<Views.TaskView> tasks() {
        return engine.tasks().stream().map(Views.TaskView::of).toList();
    }

    @GET
    @Path("/edges")
    @Operation(summary = "Affinity edges, optionally of one task")
    public List<Views.EdgeView> edges(@QueryParam("task") String task) {
        if (task == null) {
            return engine.edges().stream().map(Views.EdgeView::of).toList();
        }
        requireKnownTask(task);
        return engine.edges().stream()
                .filter(e -> e.a().equals(task) || e.b().equals(task))
                .map(Views.EdgeView::of)
                .toList();
    }

    @GET
    @Path("/graph")
    @Operation(summary = "Nodes, connected edges and clusters of the current graph version")
    public Views.GraphView graph() {
        Clustering clustering = engine.clustering();
        List<String> representatives = engine.representatives();
        List<Views.NodeView> nodes = new ArrayList<>();
        engine.tasks()
                .forEach(
                        t -> {
                            String id = t.task().toString();
                            int cluster = clustering.clusterOf(id);
                            nodes.add(
                                    new Views.NodeView(
                                            id,
                                            t.role().wireName(),
                                            t.samples(),
                                            cluster < 0 ? null : cluster,
                                            representatives.contains(id)));
                        });
        List<Views.ClusterView> clusters = new ArrayList<>();
        for (int c = 0; c < clustering.clusters().size(); c++) {
            clusters.add(
                    new Views.ClusterView(c, clustering.clusters().get(c), representatives.get(c)));
        }
        List<Views.EdgeView> edges =
                engine.edges().stream().filter(e -> e.connected()).map(Views.EdgeView::of).toList();
        return new Views.GraphView(
                engine.graphVersion(), clustering.modularity(), nodes, edges, clusters);
    }

    @GET
    @Path("/plans")
    @Operation(summary = "The current plan of every target")
    public List<Plan> plans() {
        return engine.plans();
    }

    @GET
    @Path("/plans/{target}")
    @Operation(summary = "The current plan of one target")
    public Plan plan(@PathParam("target") String target) {
        requireTaskId(target);
        return engine.plan(target)
                .orElseThrow(
                        () ->
                                error(
                                        404,
                                        "UNKNOWN_PLAN",
                                        "no plan for target " + target + " (yet)"));
    }

    @GET
    @Path("/targets")
    @Operation(
            summary =
                    "The model each target's site should use: the best validated of its finished"
                            + " jobs, beside training from scratch, and why")
    public List<Recommendation> targets() {
        return engine.recommendations();
    }

    @GET
    @Path("/targets/{task}")
    @Operation(summary = "The recommended model of one target task")
    public Recommendation target(@PathParam("task") String task) {
        requireTaskId(task);
        TaskRegistered registered =
                engine.task(task).orElseThrow(() -> error(404, "UNKNOWN_TASK", "no task " + task));
        if (registered.role() != Role.TARGET) {
            throw error(
                    409,
                    "NOT_A_TARGET",
                    task + " is a source task; recommendations are made for target tasks");
        }
        return engine.recommendation(task);
    }

    @GET
    @Path("/predictions")
    @Operation(
            summary =
                    "The latest predictions per target: the sequential job's model applied to the"
                            + " target site's unlabelled and held-out cases (models-bucket keys)")
    public List<PredictionsWritten> predictions() {
        return predictions.all();
    }

    @GET
    @Path("/predictions/{target}")
    @Operation(summary = "The latest predictions of one target")
    public PredictionsWritten predictionsOf(@PathParam("target") String target) {
        return predictions
                .of(target)
                .orElseThrow(
                        () ->
                                new WebApplicationException(
                                        Response.status(404)
                                                .entity(
                                                        new Views.ErrorView(
                                                                404,
                                                                "NO_PREDICTIONS",
                                                                "no predictions for " + target))
                                                .build()));
    }

    @GET
    @Path("/models")
    @Operation(
            summary =
                    "Every trained model: job, Dice/IoU, device, its weights and model card in the"
                            + " models bucket, its stages and which of them were reused")
    public List<Views.ModelView> models() {
        return engine.models().stream().map(Views.ModelView::of).toList();
    }

    @GET
    @Path("/jobs")
    @Operation(summary = "Every training job with its state")
    public List<Views.JobView> jobs() {
        return engine.jobs().stream().map(Views.JobView::of).toList();
    }

    @GET
    @Path("/jobs/{id}")
    @Operation(summary = "One training job: state, progress, metrics")
    public Views.JobView job(@PathParam("id") String id) {
        return engine.job(id)
                .map(Views.JobView::of)
                .orElseThrow(() -> error(404, "UNKNOWN_JOB", "no job " + id));
    }

    @GET
    @Path("/weights")
    @Operation(summary = "The edge weights in force")
    public EdgeWeights weights() {
        return weights.current();
    }

    @GET
    @Path("/datasets")
    @Operation(
            summary =
                    "Every drop version seen (of one site with ?site=, in time order), with its"
                            + " state, its problems if rejected, and the files it ignored")
    public List<Views.DatasetView> datasets(@QueryParam("site") String site) {
        var entries = site == null || site.isBlank() ? datasets.all() : datasets.ofSite(site);
        return entries.stream().map(Views.DatasetView::of).toList();
    }

    @GET
    @Path("/flow")
    @Operation(summary = "Consumer lag of every active ostflow consumer group, by service")
    public List<FlowHealth.GroupLag> flow() {
        return flow.lag();
    }

    @POST
    @Path("/replan")
    @Operation(summary = "Recluster and replan now (bearer token)")
    public Response replan() {
        authorize();
        PlanningEngine.Result result = replan.replanNow();
        return Response.accepted(
                        Map.of(
                                "reclustered",
                                result.graph().isPresent(),
                                "plansChanged",
                                result.plans().size(),
                                "jobsEnqueued",
                                result.jobs().size()))
                .build();
    }

    @POST
    @Path("/calibrate")
    @Operation(
            summary = "Fit alpha and beta from finished jobs now and publish them (bearer token)")
    public Response calibrate() {
        authorize();
        try {
            return Response.ok(calibration.calibrateNow()).build();
        } catch (IllegalStateException e) {
            throw error(409, "NOT_ENOUGH_RESULTS", e.getMessage());
        }
    }

    @POST
    @Path("/audits")
    @Operation(
            summary =
                    "Schedule an audit of targets: the jobs of the paper's Tables 1, 3 and 4 on"
                            + " every seed (bearer token); 202 with its id, 200 if it exists")
    public Response scheduleAudit(String body) {
        authorize();
        AuditDesign.Request request = auditRequest(body);
        PlanningEngine.PreparedAudit prepared;
        try {
            prepared = engine.prepareAudit(request);
        } catch (IllegalArgumentException e) {
            throw error(404, "UNKNOWN_TARGET", e.getMessage());
        } catch (IllegalStateException e) {
            throw error(409, "NOT_PLANNED", e.getMessage());
        }
        String id = prepared.audit().auditId();
        if (prepared.known()) {
            return Response.ok(new Views.AuditScheduledView(id, false, 0)).build();
        }
        publisher.publish(prepared.audit(), unknownJobs(prepared));
        int enqueued = engine.commitAudit(prepared).size();
        return Response.accepted(new Views.AuditScheduledView(id, true, enqueued))
                .header("Location", "/api/audits/" + id)
                .build();
    }

    @GET
    @Path("/audits")
    @Operation(summary = "Every audit's report so far, oldest first")
    public List<AuditReport> audits() {
        return engine.audits();
    }

    @GET
    @Path("/audits/{id}")
    @Operation(summary = "One audit's report: Tables 1, 3, 4, regret, rank correlation, grid")
    public AuditReport audit(@PathParam("id") String id) {
        return requireAudit(id);
    }

    @GET
    @Path("/audits/{id}/report.md")
    @Produces("text/markdown; charset=utf-8")
    @Operation(summary = "One audit's report as Markdown tables in the paper's layout")
    public String auditMarkdown(@PathParam("id") String id) {
        return AuditMarkdown.render(requireAudit(id), calibration.crossValidate(id));
    }

    @GET
    @Path("/audits/{id}/calibration")
    @Operation(
            summary =
                    "Calibration cross-validated on the audit by target site: regret of the"
                            + " held-out targets before and after")
    public CrossValidation.Result auditCalibration(@PathParam("id") String id) {
        requireAudit(id);
        return calibration.crossValidate(id);
    }

    @GET
    @Path("/audits/{id}/dice.png")
    @Produces("image/png")
    @Operation(summary = "Dice per target: scratch, direct, OST path, best path (PNG)")
    public byte[] auditDiceChart(@PathParam("id") String id) {
        return AuditCharts.dicePerTarget(requireAudit(id));
    }

    @GET
    @Path("/audits/{id}/cost-dice.png")
    @Produces("image/png")
    @Operation(summary = "Cost against Dice of every trained transfer (PNG)")
    public byte[] auditCostChart(@PathParam("id") String id) {
        return AuditCharts.costAgainstDice(requireAudit(id));
    }

    @GET
    @Path("/weights/history")
    @Operation(summary = "Every calibration since the planner started")
    public List<CalibrationService.Entry> weightsHistory() {
        return calibration.history();
    }

    /**
     * A mutation needs an operator's bearer header (the caller {@link ReadGuard} resolved): 401
     * without one, 403 for a viewer or when mutations are off.
     */
    private void authorize() {
        if (!access.mutationsEnabled()) {
            throw error(
                    403,
                    "DISABLED",
                    "mutating endpoints are disabled: set ostflow.planner.api-token");
        }
        Caller caller = request.getCurrent().get(Caller.KEY);
        if (caller == null || !caller.bearer() || caller.role().isEmpty()) {
            throw new WebApplicationException(
                    Response.status(401)
                            .header("WWW-Authenticate", "Bearer")
                            .type(MediaType.APPLICATION_JSON)
                            .entity(
                                    new Views.ErrorView(
                                            401,
                                            "UNAUTHORIZED",
                                            "a bearer header with an operator's token is required"))
                            .build());
        }
        if (caller.role().get() != ApiAccess.Role.OPERATOR) {
            throw error(403, "FORBIDDEN", access.viewerMayNotChange());
        }
    }

    /** The body parsed here, so that a missing or broken one is a 400 with a reason. */
    private AuditDesign.Request auditRequest(String json) {
        Views.AuditRequest body;
        try {
            body =
                    json == null || json.isBlank()
                            ? null
                            : Json.mapper()
                                    .readerFor(Views.AuditRequest.class)
                                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                                    .readValue(json);
        } catch (IOException e) {
            throw error(400, "BAD_AUDIT", "the body is not an audit request: " + e.getMessage());
        }
        if (body == null || body.targets() == null || body.targets().isEmpty()) {
            throw error(400, "BAD_AUDIT", "the body needs \"targets\": [target task ids]");
        }
        body.targets().forEach(PlannerResource::requireTaskId);
        var defaults = config.audit();
        try {
            return new AuditDesign.Request(
                    body.targets(),
                    body.seeds() == null ? defaults.seeds() : body.seeds(),
                    body.gridLimit() == null ? defaults.gridLimit() : body.gridLimit(),
                    body.randomDraws() == null ? defaults.randomDraws() : body.randomDraws());
        } catch (IllegalArgumentException e) {
            throw error(400, "BAD_AUDIT", e.getMessage());
        }
    }

    /** The audit's jobs the planner has not enqueued before (shared ones are not sent again). */
    private List<TrainingJob> unknownJobs(PlanningEngine.PreparedAudit prepared) {
        return prepared.jobs().stream().filter(j -> engine.job(j.jobId()).isEmpty()).toList();
    }

    private AuditReport requireAudit(String id) {
        return engine.audit(id).orElseThrow(() -> error(404, "UNKNOWN_AUDIT", "no audit " + id));
    }

    private void requireKnownTask(String task) {
        requireTaskId(task);
        if (engine.task(task).isEmpty()) {
            throw error(404, "UNKNOWN_TASK", "no task " + task);
        }
    }

    private static void requireTaskId(String id) {
        try {
            TaskId.parse(id);
        } catch (IllegalArgumentException e) {
            throw error(400, "BAD_TASK_ID", e.getMessage());
        }
    }

    private static WebApplicationException error(int status, String reason, String message) {
        return new WebApplicationException(
                Response.status(status)
                        .type(MediaType.APPLICATION_JSON)
                        .entity(new Views.ErrorView(status, reason, message))
                        .build());
    }
}
