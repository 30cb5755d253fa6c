package io.ostflow.planner.messaging;

import io.ostflow.common.events.AuditScheduled;
import io.ostflow.common.events.CloudEventMessages;
import io.ostflow.common.events.EventTypes;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.SiteChanged;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.planner.planning.PlanningEngine;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes what a replan produced: graph first, then plans (a tombstone for a plan that goes),
 * then jobs; waits for the acks.
 */
@ApplicationScoped
public class PlannerPublisher {
    static final URI SOURCE = CloudEventMessages.source("planner");
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    @Channel(Channels.GRAPH)
    MutinyEmitter<String> graph;

    @Inject
    @Channel(Channels.PLANS)
    MutinyEmitter<String> plans;

    @Inject
    @Channel(Channels.JOBS)
    MutinyEmitter<String> jobs;

    @Inject
    @Channel(Channels.AUDITS)
    MutinyEmitter<String> audits;

    @Inject
    @Channel(Channels.SITE_CHANGES_OUT)
    MutinyEmitter<String> siteChanges;

    /**
     * Publishes an audit, then its jobs that the planner has not enqueued before; waits for the
     * acks, so the caller records the audit only once both are durable.
     */
    public void publish(AuditScheduled audit, List<TrainingJob> newJobs) {
        audits.sendMessage(
                        CloudEventMessages.message(
                                SOURCE, audit.auditId(), EventTypes.AUDIT_SCHEDULED, audit))
                .await()
                .atMost(ACK_TIMEOUT);
        sendJobs(newJobs);
    }

    public void publish(PlanningEngine.Result result) {
        result.graph()
                .ifPresent(
                        g ->
                                graph.sendMessage(
                                                CloudEventMessages.message(
                                                        SOURCE,
                                                        "graph",
                                                        EventTypes.GRAPH_RECLUSTERED,
                                                        g))
                                        .await()
                                        .atMost(ACK_TIMEOUT));
        List<Uni<Void>> sends = new ArrayList<>();
        for (Plan plan : result.plans()) {
            sends.add(
                    plans.sendMessage(
                            CloudEventMessages.message(
                                    SOURCE, plan.target(), EventTypes.PLAN_UPDATED, plan)));
        }
        for (String target : result.retired()) {
            sends.add(plans.sendMessage(CloudEventMessages.tombstone(target)));
        }
        awaitAll(sends);
        sendJobs(result.jobs());
    }

    /**
     * Asks the ingest-worker to withdraw a site: a {@code SiteChanged} of cause {@code
     * withdrawal-requested} on the site's partition of the ingest's own topic, so that the one
     * instance that decides the site's drops withdraws it, in order with its other changes.
     */
    public void requestWithdrawal(SiteChanged request) {
        siteChanges
                .sendMessage(
                        CloudEventMessages.message(
                                SOURCE, request.site(), EventTypes.SITE_CHANGED, request))
                .await()
                .atMost(ACK_TIMEOUT);
    }

    private void sendJobs(List<TrainingJob> newJobs) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (TrainingJob job : newJobs) {
            sends.add(
                    jobs.sendMessage(
                            CloudEventMessages.message(
                                    SOURCE, job.jobId(), EventTypes.JOB_ENQUEUED, job)));
        }
        awaitAll(sends);
    }

    private static void awaitAll(List<Uni<Void>> sends) {
        if (!sends.isEmpty()) {
            Uni.join().all(sends).andFailFast().await().atMost(ACK_TIMEOUT);
        }
    }
}
