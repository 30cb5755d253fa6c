package io.ostflow.ingest;

import static io.ostflow.ingest.IngestFixtures.drop;
import static io.ostflow.ingest.IngestFixtures.registered;
import static io.ostflow.ingest.IngestFixtures.rejected;
import static io.ostflow.ingest.IngestFixtures.stack;
import static io.ostflow.ingest.IngestFixtures.uniqueSite;
import static io.ostflow.ingest.IngestFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Role;
import io.ostflow.common.Topics;
import io.ostflow.ingest.config.Channels;
import io.ostflow.ingest.config.IngestConfig;
import io.ostflow.local.stack.Provisioning;
import io.ostflow.local.testing.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out by partition, on the real broker: the Quarkus ingest-worker and a second instance in
 * the same consumer group split the site-changes partitions, each decides the drops of the sites
 * its partitions hold, and every drop is registered once, none twice.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class TwoIngestInstancesTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject IngestConfig config;

    @Test
    void twoInstancesInOneGroupSplitTheSitesAndRegisterEveryDropOnce(@TempDir Path dir)
            throws Exception {
        String group =
                ConfigProvider.getConfig()
                        .getValue(
                                "mp.messaging.incoming." + Channels.SITE_CHANGES + ".group.id",
                                String.class);
        Map<Integer, String> siteOfPartition = onePerPartition();
        try (Admin admin = Admin.create(stack().kafkaClientConfig());
                SecondIngestInstance second =
                        new SecondIngestInstance(
                                stack().endpoints().kafka(),
                                group,
                                config,
                                stack().objectStore())) {
            assertThat(partitions(admin)).isEqualTo(Provisioning.SITE_PARTITIONS);
            second.start();
            await().atMost(WAIT).until(() -> splitBetweenTwo(admin, group, second));
            Set<Integer> secondOwns =
                    second.assignment().stream()
                            .map(TopicPartition::partition)
                            .collect(Collectors.toSet());

            long seed = 70;
            for (String site : siteOfPartition.values()) {
                upload(drop(dir.resolve(site), Role.SOURCE, 1, seed++), site);
            }
            // every drop registered, and still once after reconciliation passes (every 2 s here)
            await().atMost(WAIT)
                    .until(
                            () ->
                                    siteOfPartition.values().stream()
                                            .allMatch(s -> registered(s).size() == 1));
            await().during(Duration.ofSeconds(6))
                    .atMost(Duration.ofSeconds(12))
                    .until(
                            () ->
                                    siteOfPartition.values().stream()
                                            .allMatch(s -> registered(s).size() == 1));

            Set<String> expectedSecond = new HashSet<>();
            siteOfPartition.forEach(
                    (partition, site) -> {
                        if (secondOwns.contains(partition)) {
                            expectedSecond.add(site);
                        }
                    });
            assertThat(expectedSecond).isNotEmpty().hasSizeLessThan(siteOfPartition.size());
            assertThat(second.decided())
                    .as("the second instance decided exactly the sites of its partitions")
                    .isEqualTo(expectedSecond);
            siteOfPartition.values().forEach(s -> assertThat(rejected(s)).as(s).isEmpty());
        }
    }

    /** Fresh site names, one per partition of the site-changes topic, as the producer keys them. */
    private static Map<Integer, String> onePerPartition() {
        Map<Integer, String> sites = new TreeMap<>();
        while (sites.size() < Provisioning.SITE_PARTITIONS) {
            String site = uniqueSite("part");
            sites.putIfAbsent(partitionOf(site), site);
        }
        return sites;
    }

    /** Kafka's default partitioner for a keyed record. */
    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
                % Provisioning.SITE_PARTITIONS;
    }

    private static int partitions(Admin admin) throws Exception {
        return admin.describeTopics(List.of(Topics.SITE_CHANGES))
                .allTopicNames()
                .get()
                .get(Topics.SITE_CHANGES)
                .partitions()
                .size();
    }

    /** Two members, each holding some of the partitions, together all of them, none twice. */
    private static boolean splitBetweenTwo(Admin admin, String group, SecondIngestInstance second)
            throws Exception {
        var members = admin.describeConsumerGroups(List.of(group)).all().get().get(group).members();
        if (members.size() != 2 || second.assignment().isEmpty()) {
            return false;
        }
        List<TopicPartition> held = new ArrayList<>();
        for (MemberDescription member : members) {
            Set<TopicPartition> mine = member.assignment().topicPartitions();
            if (mine.isEmpty()) {
                return false;
            }
            held.addAll(mine);
        }
        return held.size() == Provisioning.SITE_PARTITIONS
                && Set.copyOf(held).size() == held.size()
                && held.containsAll(second.assignment());
    }
}
