package io.ostflow.local.stack;

import io.ostflow.common.Topics;
import io.ostflow.common.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates what ostflow needs on a broker and an object store: every topic of {@link Topics} with
 * its dead-letter topic (compaction where the topic is state, {@value #JOB_PARTITIONS} partitions
 * for jobs so trainers can share them, {@value #SITE_PARTITIONS} for site changes so ingest-workers
 * can) and the buckets. Idempotent; used by the embedded stack and by tests against a real Kafka
 * and MinIO.
 */
public final class Provisioning {
    /** Partitions of the jobs topic: up to this many trainers share the work. */
    public static final int JOB_PARTITIONS = 4;

    /** Partitions of the site-changes topic: up to this many ingest-workers split the sites. */
    public static final int SITE_PARTITIONS = 4;

    private Provisioning() {}

    public static void provision(String kafkaBootstrap, ObjectStore store) {
        for (String bucket : LocalStackConfig.buckets()) {
            store.ensureBucket(bucket);
        }
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : Topics.ALL) {
                if (!existing.contains(topic)) {
                    missing.add(newTopic(topic));
                }
                if (!existing.contains(Topics.deadLetter(topic))) {
                    missing.add(new NewTopic(Topics.deadLetter(topic), 1, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the ostflow topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Partitions of an ostflow topic: one, except where a consumer group shares the work. */
    public static int partitions(String topic) {
        return switch (topic) {
            case Topics.JOBS -> JOB_PARTITIONS;
            case Topics.SITE_CHANGES -> SITE_PARTITIONS;
            default -> 1;
        };
    }

    private static NewTopic newTopic(String topic) {
        NewTopic newTopic = new NewTopic(topic, partitions(topic), (short) 1);
        if (Topics.COMPACTED.contains(topic)) {
            newTopic.configs(
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return newTopic;
    }
}
