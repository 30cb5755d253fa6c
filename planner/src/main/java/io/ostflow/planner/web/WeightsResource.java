package io.ostflow.planner.web;

import static io.ostflow.planner.web.ApiErrors.error;

import io.ostflow.common.events.EdgeWeights;
import io.ostflow.planner.messaging.CalibrationService;
import io.ostflow.planner.planning.WeightsState;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The edge weights in force, their calibrations, and calibrating on demand. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class WeightsResource {

    @Inject WeightsState weights;

    @Inject CalibrationService calibration;

    @Inject OperatorGate operators;

    @GET
    @Path("/weights")
    @Operation(summary = "The edge weights in force")
    public EdgeWeights weights() {
        return weights.current();
    }

    @GET
    @Path("/weights/history")
    @Operation(summary = "Every calibration since the planner started")
    public List<CalibrationService.Entry> weightsHistory() {
        return calibration.history();
    }

    @POST
    @Path("/calibrate")
    @Operation(
            summary = "Fit alpha and beta from finished jobs now and publish them (bearer token)")
    public Response calibrate() {
        operators.authorize();
        try {
            return Response.ok(calibration.calibrateNow()).build();
        } catch (IllegalStateException e) {
            throw error(409, "NOT_ENOUGH_RESULTS", e.getMessage());
        }
    }
}
