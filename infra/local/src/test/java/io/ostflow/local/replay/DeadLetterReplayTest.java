package io.ostflow.local.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.ostflow.common.Topics;
import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.testing.LocalStackExtension;
import io.ostflow.local.testing.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Dead letters back to their topic on a real broker: headers kept, dead-letter headers dropped. */
@ExtendWith(LocalStackExtension.class)
class DeadLetterReplayTest {

    @Test
    void theMatchingRecordsGoBackWithTheirCloudEventHeadersAndWithoutTheReason(LocalStack stack) {
        String kafka = stack.endpoints().kafka();
        TopicProbe probe = new TopicProbe(kafka);
        String dlq = Topics.deadLetter(Topics.JOBS);
        String key = "job-replay-" + System.nanoTime();
        probe.publish(
                dlq,
                key,
                "{\"jobId\":\"" + key + "\"}",
                Map.of(
                        "ce_type", "io.ostflow.job.enqueued",
                        "dead-letter-reason", "record job-x is not a TrainingJob",
                        "dead-letter-topic", Topics.JOBS));
        probe.publish(dlq, key + "-other", "{}", Map.of("dead-letter-reason", "another"));
        DeadLetterReplay replay = new DeadLetterReplay(kafka);

        var listed = replay.list(dlq, key::equals);
        assertThat(listed)
                .extracting(DeadLetterReplay.Entry::reason, DeadLetterReplay.Entry::value)
                .containsExactly(
                        tuple("record job-x is not a TrainingJob", "{\"jobId\":\"" + key + "\"}"));
        assertThat(replay.list(dlq, key::equals, listed.get(0).offset() + 1))
                .as("--from after the record")
                .isEmpty();
        int sent = replay.replay(dlq, key::equals);

        assertThat(sent).isEqualTo(1);
        var back = probe.records(Topics.JOBS, key::equals);
        assertThat(back).hasSize(1);
        ConsumerRecord<String, String> r = back.get(0);
        assertThat(r.value()).isEqualTo("{\"jobId\":\"" + key + "\"}");
        assertThat(header(r, "ce_type")).isEqualTo("io.ostflow.job.enqueued");
        assertThat(header(r, DeadLetterReplay.REPLAYED_FROM)).isEqualTo(dlq);
        assertThat(r.headers().lastHeader("dead-letter-reason")).isNull();
        assertThat(probe.records(Topics.JOBS, (key + "-other")::equals))
                .as("not asked for")
                .isEmpty();
    }

    @Test
    void onlyDeadLetterTopicsOfOstflowTopicsAreReplayed() {
        assertThat(DeadLetterReplay.originOf("ostflow.tasks.dlq")).isEqualTo(Topics.TASKS);
        assertThatThrownBy(() -> DeadLetterReplay.originOf("ostflow.tasks"))
                .hasMessageContaining("not a dead-letter topic");
        assertThatThrownBy(() -> DeadLetterReplay.originOf("other.dlq"))
                .hasMessageContaining("no ostflow topic other");
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
