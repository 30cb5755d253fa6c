package io.ostflow.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The planner rebuilds its state at every start from topics read from the beginning: each must be
 * compacted (latest record per key kept forever), or a restart after the retention period would
 * lose jobs, results, audits or the datasets ledger.
 */
class StateTopicsTest {
    /** Incoming topics that carry no state (progress is shown live, never rebuilt). */
    private static final Set<String> NOT_STATE = Set.of(Topics.TRAINING_PROGRESS);

    @Test
    void everyTopicThePlannerRebuildsFromIsCompacted() throws IOException {
        Set<String> read = new TreeSet<>(incomingTopics());
        read.addAll(restoredTopics());
        read.removeAll(NOT_STATE);

        assertThat(read).containsExactlyInAnyOrderElementsOf(Topics.REBUILT_ON_START);
        assertThat(Topics.COMPACTED).containsAll(Topics.REBUILT_ON_START);
    }

    /** The topics of the planner's incoming channels (application.properties). */
    private static Set<String> incomingTopics() throws IOException {
        Properties properties = new Properties();
        try (InputStream in =
                StateTopicsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        Set<String> topics = new TreeSet<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.matches("mp\\.messaging\\.incoming\\.[a-z-]+\\.topic")) {
                topics.add(properties.getProperty(name));
            }
        }
        return topics;
    }

    /** The topics {@code ReplanScheduler} snapshots at start ({@code TopicSnapshot.latest}). */
    private static Set<String> restoredTopics() throws IOException {
        String source =
                Files.readString(
                        Path.of("src/main/java/io/ostflow/planner/messaging/ReplanScheduler.java"));
        Matcher m =
                Pattern.compile("TopicSnapshot\\.latest\\([^,]+, Topics\\.([A-Z_]+)\\)")
                        .matcher(source);
        Set<String> topics = new TreeSet<>();
        while (m.find()) {
            try {
                topics.add((String) Topics.class.getField(m.group(1)).get(null));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("unknown topic constant " + m.group(1), e);
            }
        }
        assertThat(topics).as("the scheduler restores plans, jobs and audits").hasSize(3);
        return topics;
    }
}
