package io.ostflow.planner.web;

import static io.ostflow.planner.web.ApiErrors.error;
import static io.ostflow.planner.web.ApiErrors.requireTaskId;

import io.ostflow.common.events.Plan;
import io.ostflow.planner.messaging.ReplanScheduler;
import io.ostflow.planner.planning.PlanningEngine;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Each target's OST plan, and replanning on demand. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class PlanResource {

    @Inject PlanningEngine engine;

    @Inject ReplanScheduler replan;

    @Inject OperatorGate operators;

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

    @POST
    @Path("/replan")
    @Operation(summary = "Recluster and replan now (bearer token)")
    public Response replan() {
        operators.authorize();
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
}
