package io.ostflow.planner.rest;

import io.ostflow.common.TaskId;
import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.PredictionsWritten;
import io.ostflow.planner.calibration.CalibrationService;
import io.ostflow.planner.graph.Clustering;
import io.ostflow.planner.service.DatasetLedger;
import io.ostflow.planner.service.FlowHealth;
import io.ostflow.planner.service.PlanningEngine;
import io.ostflow.planner.service.PredictionBook;
import io.ostflow.planner.service.ReplanScheduler;
import io.ostflow.planner.service.WeightsState;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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

    @Inject CalibrationService calibration;

    @Inject FlowHealth flow;

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
    public Response replan(@HeaderParam("Authorization") String authorization) {
        authorize(authorization);
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
    public Response calibrate(@HeaderParam("Authorization") String authorization) {
        authorize(authorization);
        try {
            return Response.ok(calibration.calibrateNow()).build();
        } catch (IllegalStateException e) {
            throw error(409, "NOT_ENOUGH_RESULTS", e.getMessage());
        }
    }

    @GET
    @Path("/weights/history")
    @Operation(summary = "Every calibration since the planner started")
    public List<CalibrationService.Entry> weightsHistory() {
        return calibration.history();
    }

    /** A mutation needs the operator token: 403 when none is configured or a viewer asks. */
    private void authorize(String authorization) {
        if (!access.mutationsEnabled()) {
            throw error(
                    403,
                    "DISABLED",
                    "mutating endpoints are disabled: set ostflow.planner.api-token");
        }
        ApiAccess.Role role =
                access.roleOfHeader(authorization)
                        .orElseThrow(
                                () ->
                                        new WebApplicationException(
                                                Response.status(401)
                                                        .header("WWW-Authenticate", "Bearer")
                                                        .type(MediaType.APPLICATION_JSON)
                                                        .entity(
                                                                new Views.ErrorView(
                                                                        401,
                                                                        "UNAUTHORIZED",
                                                                        "a valid bearer token is required"))
                                                        .build()));
        if (role != ApiAccess.Role.OPERATOR) {
            throw error(
                    403,
                    "FORBIDDEN",
                    "the viewer token reads only; this needs the operator token"
                            + " (ostflow.planner.api-token)");
        }
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
