package io.ostflow.planner.web;

import static io.ostflow.planner.web.ApiErrors.error;

import io.ostflow.common.TaskId;
import io.ostflow.common.events.DatasetWithdrawn;
import io.ostflow.common.events.SiteChanged;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.planner.ledger.DatasetLedger;
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
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A site's withdrawal: asking for it (operator token) and what it left behind. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class SiteResource {

    @Inject PlanningEngine engine;

    @Inject DatasetLedger datasets;

    @Inject PlannerPublisher publisher;

    @Inject OperatorGate operators;

    @POST
    @Path("/sites/{site}/withdrawal")
    @Operation(
            summary =
                    "Withdraw a site (bearer token): the ingest-worker retires its tasks and deletes"
                            + " the features of its images; its landing files stay; it comes back"
                            + " when it writes its dataset.json again")
    public Response withdraw(@PathParam("site") String site) {
        operators.authorize();
        requireKnown(site);
        SiteChanged request =
                new SiteChanged(
                        site,
                        ObjectKeys.datasetJson(site),
                        SiteChanged.Cause.WITHDRAWAL_REQUESTED,
                        Instant.now());
        publisher.requestWithdrawal(request);
        return Response.accepted(request).build();
    }

    @GET
    @Path("/sites/{site}/withdrawal")
    @Operation(
            summary =
                    "A site's latest withdrawal: what it retired, what of it is still in the graph"
                            + " or a plan (empty once applied), and the models whose lineage"
                            + " includes it")
    public Views.WithdrawalView withdrawal(@PathParam("site") String site) {
        requireKnown(site);
        DatasetWithdrawn withdrawn =
                datasets.withdrawal(site)
                        .orElseThrow(
                                () ->
                                        error(
                                                404,
                                                "NOT_WITHDRAWN",
                                                "site " + site + " has not withdrawn its data"));
        return view(withdrawn);
    }

    @GET
    @Path("/withdrawals")
    @Operation(summary = "Every site's latest withdrawal, as GET /api/sites/{site}/withdrawal")
    public List<Views.WithdrawalView> withdrawals() {
        return datasets.withdrawals().stream().map(this::view).toList();
    }

    private Views.WithdrawalView view(DatasetWithdrawn w) {
        String prefix = w.site() + "-";
        List<String> tasksLeft =
                engine.tasks().stream()
                        .map(t -> t.task().toString())
                        .filter(w.tasks()::contains)
                        .toList();
        List<String> plansLeft =
                engine.plans().stream()
                        .filter(
                                p ->
                                        p.target().startsWith(prefix)
                                                || p.path().stream()
                                                        .anyMatch(t -> t.startsWith(prefix)))
                        .map(p -> p.target())
                        .toList();
        List<Views.LineageView> models =
                engine.models().stream()
                        .map(
                                m ->
                                        new Views.LineageView(
                                                m.job().jobId(),
                                                m.job().target(),
                                                m.job().kind().wire(),
                                                engine.withdrawnLineage(m.job()).stream()
                                                        .filter(w.tasks()::contains)
                                                        .toList()))
                        .filter(l -> !l.withdrawnTasks().isEmpty())
                        .toList();
        return new Views.WithdrawalView(
                w.site(),
                w.cause().wire(),
                w.withdrawnAt(),
                w.datasetVersions(),
                w.tasks(),
                tasksLeft,
                plansLeft,
                models);
    }

    private void requireKnown(String site) {
        if (!TaskId.isValidSite(site)) {
            throw error(400, "BAD_SITE", "site '" + site + "' must match [A-Za-z0-9_]+");
        }
        if (datasets.ofSite(site).isEmpty() && datasets.withdrawal(site).isEmpty()) {
            throw error(404, "UNKNOWN_SITE", "no drop of site " + site + " was ever seen");
        }
    }
}
