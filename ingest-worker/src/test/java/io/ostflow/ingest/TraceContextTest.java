package io.ostflow.ingest;

import static io.ostflow.ingest.IngestFixtures.drop;
import static io.ostflow.ingest.IngestFixtures.records;
import static io.ostflow.ingest.IngestFixtures.registered;
import static io.ostflow.ingest.IngestFixtures.uniqueSite;
import static io.ostflow.ingest.IngestFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Role;
import io.ostflow.common.Topics;
import io.ostflow.common.kafka.TraceParent;
import io.ostflow.local.testing.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace context of an upload travels on: the notifications of {@code ostflow upload} carry a
 * {@code traceparent}, and every event the ingest-worker publishes because of them (the site
 * change, the pending and registered drop, each task) continues that trace (exporter off).
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class TraceContextTest {

    @Test
    void everyEventOfADropContinuesTheTraceOfItsUpload(@TempDir Path dir) {
        String site = uniqueSite("trace");
        String traceId = upload(drop(dir, Role.SOURCE, 1, 90), site, false).traceId();
        await().atMost(Duration.ofSeconds(60)).until(() -> registered(site).size() == 1);

        // a reconciliation pass that saw the drop before it was decided starts a trace of its own
        List<ConsumerRecord<String, String>> caused =
                new ArrayList<>(
                        records(Topics.SITE_CHANGES, site::equals).stream()
                                .filter(r -> !r.value().contains("\"cause\":\"reconciliation\""))
                                .toList());
        caused.addAll(records(Topics.DATASETS_RECEIVED, site::equals));
        caused.addAll(records(Topics.DATASETS_REGISTERED, site::equals));
        caused.addAll(records(Topics.TASKS, k -> k.startsWith(site + "-")));
        assertThat(caused).hasSizeGreaterThanOrEqualTo(3 + 12);
        for (ConsumerRecord<String, String> record : caused) {
            Optional<TraceParent> context = TraceParent.of(record.headers());
            assertThat(context).as(record.topic() + " " + record.key()).isPresent();
            assertThat(context.get().traceId()).as(record.topic()).isEqualTo(traceId);
        }
    }
}
