package io.ostflow.planner.web;

import static io.ostflow.planner.web.ApiErrors.error;
import static io.ostflow.planner.web.ApiErrors.requireTaskId;

import io.ostflow.common.Role;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.planner.ledger.PredictionBook;
import io.ostflow.planner.ledger.PredictionChoice;
import io.ostflow.planner.ledger.Recommendation;
import io.ostflow.planner.ledger.ServedPredictions;
import io.ostflow.planner.ledger.TrainedModel;
import io.ostflow.planner.planning.PlanningEngine;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Per target, the model its site should use and the masks of that model. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class TargetResource {

    @Inject PlanningEngine engine;

    @Inject PredictionBook predictions;

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
                    "The masks served per target: its recommended model applied to the target"
                            + " site's unlabelled and held-out cases (models-bucket keys)")
    public List<ServedPredictions> predictions() {
        List<TrainedModel> models = engine.models();
        return predictions.targets().stream()
                .flatMap(t -> PredictionChoice.choose(t, predictions.of(t), models).stream())
                .toList();
    }

    @GET
    @Path("/predictions/{target}")
    @Operation(summary = "The masks served for one target: its recommended model's, and why")
    public ServedPredictions predictionsOf(@PathParam("target") String target) {
        return PredictionChoice.choose(target, predictions.of(target), engine.models())
                .orElseThrow(() -> error(404, "NO_PREDICTIONS", "no predictions for " + target));
    }
}
