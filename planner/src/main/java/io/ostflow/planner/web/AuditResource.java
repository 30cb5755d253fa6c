package io.ostflow.planner.web;

import static io.ostflow.planner.web.ApiErrors.error;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.ostflow.common.Json;
import io.ostflow.common.events.PlanRanking;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.planner.config.PlannerConfig;
import io.ostflow.planner.evaluation.audit.AuditCharts;
import io.ostflow.planner.evaluation.audit.AuditDesign;
import io.ostflow.planner.evaluation.audit.AuditMarkdown;
import io.ostflow.planner.evaluation.audit.AuditReport;
import io.ostflow.planner.evaluation.calibration.CrossValidation;
import io.ostflow.planner.messaging.CalibrationService;
import io.ostflow.planner.messaging.PlannerPublisher;
import io.ostflow.planner.planning.PlanningEngine;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Audits: scheduling the paper's Tables 1, 3 and 4 for targets, and their reports. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject PlanningEngine engine;

    @Inject CalibrationService calibration;

    @Inject PlannerPublisher publisher;

    @Inject PlannerConfig config;

    @Inject OperatorGate operators;

    @POST
    @Path("/audits")
    @Operation(
            summary =
                    "Schedule an audit of targets: the jobs of the paper's Tables 1, 3 and 4 on"
                            + " every seed (bearer token); 202 with its id, 200 if it exists")
    public Response scheduleAudit(String body) {
        operators.authorize();
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
        body.targets().forEach(ApiErrors::requireTaskId);
        var defaults = config.audit();
        try {
            return new AuditDesign.Request(
                    body.targets(),
                    body.seeds() == null ? defaults.seeds() : body.seeds(),
                    body.gridLimit() == null ? defaults.gridLimit() : body.gridLimit(),
                    body.randomDraws() == null ? defaults.randomDraws() : body.randomDraws(),
                    body.rankings() == null
                            ? List.of(PlanRanking.values())
                            : body.rankings().stream().map(PlanRanking::fromWire).toList());
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
}
