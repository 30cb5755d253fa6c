package io.ostflow.trainer.listener;

import io.ostflow.common.Json;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.trainer.config.Channels;
import io.ostflow.trainer.service.PlanVersions;
import io.ostflow.trainer.service.TaskDirectory;
import io.ostflow.trainer.service.WithdrawnCards;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * What the trainer keeps of the rest of the system, replayed at each start: the registered tasks (a
 * tombstone: the task's site withdrew it, and the cards of the models trained on it say so) and
 * each target's latest plan version (to skip a superseded plan's jobs).
 */
@ApplicationScoped
public class CatalogListener {
    private static final Logger LOG = Logger.getLogger(CatalogListener.class);

    @Inject TaskDirectory tasks;

    @Inject PlanVersions planVersions;

    @Inject WithdrawnCards withdrawnCards;

    @Incoming(Channels.TASKS)
    @Blocking
    public void onTask(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            tasks.withdraw(record.key()); // its site withdrew its data: no job trains on it now
            int cards = withdrawnCards.mark(record.key());
            if (cards > 0) {
                LOG.infof("task %s withdrawn: %d model cards say so now", record.key(), cards);
            }
        } else {
            tasks.put(Json.readRecord(record.key(), record.value(), TaskRegistered.class));
        }
    }

    @Incoming(Channels.PLANS)
    @Blocking
    public void onPlan(ConsumerRecord<String, String> record) {
        if (record.value() != null) {
            planVersions.seen(Json.readRecord(record.key(), record.value(), Plan.class));
        }
    }
}
