package io.ostflow.trainer.listener;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * The jobs channel's failure strategy: a job whose processing failed is dead-lettered with its
 * reason, as on every channel, except a job that never ran because this trainer is stopping. A
 * stopping trainer finishes the job it trains, and the jobs it had taken from the topic and not
 * started are rejected by the closing worker pool; dead-lettering those (as the plain strategy did:
 * 21 queued audit jobs went to {@code ostflow.jobs.dlq} on one {@code ostflow down}) would park
 * them until someone replays them. They are left unacknowledged instead, so their offsets are not
 * committed and the next trainer of the group is delivered them again.
 */
@ApplicationScoped
@Identifier(JobsFailureStrategy.NAME)
public class JobsFailureStrategy implements KafkaFailureHandler.Factory {
    /** The name {@code mp.messaging.incoming.jobs.failure-strategy} selects it by. */
    public static final String NAME = "ostflow-jobs";

    private static final Logger LOG = Logger.getLogger(JobsFailureStrategy.class);

    private final AtomicBoolean stopping = new AtomicBoolean();

    @Inject
    @Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE)
    KafkaFailureHandler.Factory deadLetter;

    void onStop(@Observes ShutdownEvent event) {
        stopping.set(true);
    }

    @Override
    public KafkaFailureHandler create(
            KafkaConnectorIncomingConfiguration config,
            Vertx vertx,
            KafkaConsumer<?, ?> consumer,
            BiConsumer<Throwable, Boolean> reportFailure) {
        KafkaFailureHandler dlq = deadLetter.create(config, vertx, consumer, reportFailure);
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(
                    IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                if (notStarted(reason, stopping.get())) {
                    LOG.infof(
                            "job %s not started before this trainer stopped: left uncommitted for"
                                    + " the next trainer (%s)",
                            record.getKey(), reason.getMessage());
                    return Uni.createFrom().voidItem();
                }
                return dlq.handle(record, reason, metadata);
            }

            @Override
            public void terminate() {
                dlq.terminate();
            }
        };
    }

    /**
     * Whether a failed job is one the trainer never started: it is stopping, or a closing worker
     * pool rejected the job.
     */
    static boolean notStarted(Throwable reason, boolean stopping) {
        for (Throwable t = reason; t != null; t = t.getCause()) {
            if (t instanceof RejectedExecutionException) {
                return true;
            }
        }
        return stopping;
    }
}
