package io.ostflow.planner.web;

import static io.ostflow.planner.web.ApiErrors.error;

import io.ostflow.planner.ledger.DatasetLedger;
import io.ostflow.planner.messaging.FlowHealth;
import io.ostflow.planner.planning.PlanningEngine;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Training jobs, the models they trained, the drops they read and the flow of events. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    @Inject PlanningEngine engine;

    @Inject DatasetLedger datasets;

    @Inject FlowHealth flow;

    @GET
    @Path("/models")
    @Operation(
            summary =
                    "Every trained model: job, Dice/IoU, device, its weights and model card in the"
                            + " models bucket, its stages, which of them were reused, and the"
                            + " withdrawn tasks of its lineage")
    public List<Views.ModelView> models() {
        return engine.models().stream()
                .map(m -> Views.ModelView.of(m, engine.withdrawnLineage(m.job())))
                .toList();
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
}
