package io.ostflow.ingest.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.Topics;
import io.ostflow.ingest.config.Channels;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The channels in application.properties point at the topics that Topics names. */
class ChannelTopicsTest {

    @Test
    void everyChannelIsMappedToItsTopicWithADeadLetterTopicForInput() throws Exception {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        assertThat(p.getProperty("mp.messaging.incoming." + Channels.STORAGE_EVENTS + ".topic"))
                .isEqualTo(Topics.STORAGE_EVENTS);
        assertThat(effective(p, Channels.STORAGE_EVENTS, "failure-strategy"))
                .isEqualTo("dead-letter-queue");
        assertThat(
                        p.getProperty(
                                "mp.messaging.incoming."
                                        + Channels.STORAGE_EVENTS
                                        + ".dead-letter-queue.topic"))
                .isEqualTo(Topics.deadLetter(Topics.STORAGE_EVENTS));
        assertThat(effective(p, Channels.STORAGE_EVENTS, "enable.auto.commit")).isEqualTo("false");
        assertThat(p.getProperty("mp.messaging.incoming." + Channels.SITE_CHANGES + ".topic"))
                .isEqualTo(Topics.SITE_CHANGES);
        assertThat(
                        p.getProperty(
                                "mp.messaging.incoming."
                                        + Channels.SITE_CHANGES
                                        + ".dead-letter-queue.topic"))
                .isEqualTo(Topics.deadLetter(Topics.SITE_CHANGES));
        assertThat(effective(p, Channels.SITE_CHANGES, "enable.auto.commit")).isEqualTo("false");
        assertThat(p.getProperty("mp.messaging.outgoing." + Channels.SITE_CHANGES_OUT + ".topic"))
                .isEqualTo(Topics.SITE_CHANGES);
        assertThat(p.getProperty("mp.messaging.outgoing." + Channels.TASKS + ".topic"))
                .isEqualTo(Topics.TASKS);
        assertThat(
                        p.getProperty(
                                "mp.messaging.outgoing." + Channels.DATASETS_REGISTERED + ".topic"))
                .isEqualTo(Topics.DATASETS_REGISTERED);
        assertThat(p.getProperty("mp.messaging.outgoing." + Channels.DATASETS_RECEIVED + ".topic"))
                .isEqualTo(Topics.DATASETS_RECEIVED);
        assertThat(p.getProperty("mp.messaging.outgoing." + Channels.DATASETS_REJECTED + ".topic"))
                .isEqualTo(Topics.DATASETS_REJECTED);
    }

    /**
     * A channel's own value of an attribute, else the connector-level one, as SmallRye resolves it.
     */
    private static String effective(Properties p, String incomingChannel, String attribute) {
        return p.getProperty(
                "mp.messaging.incoming." + incomingChannel + "." + attribute,
                p.getProperty("mp.messaging.connector.smallrye-kafka." + attribute));
    }
}
