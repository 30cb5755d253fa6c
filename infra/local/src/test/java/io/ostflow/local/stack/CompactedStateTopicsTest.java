package io.ostflow.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Topics;
import io.ostflow.common.kafka.TopicSnapshot;
import io.ostflow.local.testing.TopicProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A planner restarted after the retention period of its topics rebuilds the same state: on a real
 * broker whose log cleaner has run, a state topic as the stack provisions it (compacted) still
 * holds the latest record of every key, also of keys written long before the retention period, and
 * the snapshot the planner restores from ({@link TopicSnapshot#latest}) is the one it was. The
 * cleaner and the segments are made fast here (seconds, not Kafka's default days); the retention is
 * 1 s, so a topic that deleted by age would have lost everything.
 */
class CompactedStateTopicsTest {
    private static final String TOPIC = Topics.TRAINING_RESULTS;

    @Test
    void afterTheCleanerRanPastTheRetentionTheLatestRecordOfEveryKeyIsLeft(@TempDir Path dir)
            throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackConfig.ephemeral(dir));
                Admin admin =
                        Admin.create(
                                Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        stack.endpoints().kafka()))) {
            cleanSoon(admin);
            TopicProbe probe = new TopicProbe(stack.endpoints().kafka());
            probe.publish(TOPIC, "job-a", "{\"failed\":\"the store could not answer\"}");
            probe.publish(TOPIC, "job-b", "{\"dice\":0.71}");
            probe.publish(TOPIC, "job-a", "{\"dice\":0.64}");
            Map<String, String> before = TopicSnapshot.latest(stack.endpoints().kafka(), TOPIC);

            // the cleaner never touches the active segment: later records roll the old ones out
            for (int i = 0; i < 3; i++) {
                Thread.sleep(1_500);
                probe.publish(TOPIC, "job-roll-" + i, "{\"dice\":0.5}");
            }
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> probe.records(TOPIC, "job-a"::equals).size() == 1);

            Map<String, String> after = TopicSnapshot.latest(stack.endpoints().kafka(), TOPIC);
            assertThat(probe.records(TOPIC, "job-a"::equals))
                    .as("the cleaner ran: job-a's older record is gone")
                    .singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualTo("{\"dice\":0.64}"));
            assertThat(after).containsAllEntriesOf(before);
            assertThat(after.get("job-b"))
                    .as("written long before the retention period, and kept")
                    .isEqualTo("{\"dice\":0.71}");
        }
    }

    /** Segments of 1 s, a 1 s retention, and a cleaner that looks every 200 ms. */
    private static void cleanSoon(Admin admin) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
        assertThat(
                        admin.describeConfigs(List.of(topic))
                                .all()
                                .get(30, TimeUnit.SECONDS)
                                .get(topic)
                                .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                                .value())
                .as("provisioned as state")
                .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        alter(
                admin,
                topic,
                Map.of(
                        TopicConfig.SEGMENT_MS_CONFIG, "1000",
                        TopicConfig.RETENTION_MS_CONFIG, "1000",
                        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
                        TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0"));
        alter(
                admin,
                new ConfigResource(ConfigResource.Type.BROKER, ""),
                Map.of("log.cleaner.backoff.ms", "200"));
    }

    private static void alter(Admin admin, ConfigResource resource, Map<String, String> values)
            throws Exception {
        Collection<AlterConfigOp> ops =
                values.entrySet().stream()
                        .map(
                                e ->
                                        new AlterConfigOp(
                                                new ConfigEntry(e.getKey(), e.getValue()),
                                                AlterConfigOp.OpType.SET))
                        .toList();
        admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(30, TimeUnit.SECONDS);
    }
}
