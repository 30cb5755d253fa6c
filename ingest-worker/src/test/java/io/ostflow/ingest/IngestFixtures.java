package io.ostflow.ingest;

import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.Topics;
import io.ostflow.common.events.DatasetReceived;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.events.DatasetRejected;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.local.testing.TopicProbe;
import io.ostflow.local.upload.DropUploader;
import io.ostflow.local.upload.UploadSummary;
import io.ostflow.phantom.PhantomGenerator;
import io.ostflow.phantom.PhantomSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Tiny phantom drops, uploads and readers of what the ingest-worker published. */
final class IngestFixtures {
    private static final AtomicInteger SITES = new AtomicInteger();
    static final int[] TINY = {16, 16, 12};

    private IngestFixtures() {}

    static LocalStack stack() {
        return SharedLocalStack.get();
    }

    /** A site name no other test uses. */
    static String uniqueSite(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + SITES.incrementAndGet();
    }

    /** A one-site drop folder with {@code cases} training cases (targets get one held-out case). */
    static Path drop(Path dir, Role role, int cases, long seed) {
        PhantomSpec spec =
                role == Role.SOURCE
                        ? new PhantomSpec(1, 0, cases, 1, 0, TINY, seed)
                        : new PhantomSpec(0, 1, 1, cases, 1, TINY, seed);
        return new PhantomGenerator(spec).writeAll(dir).get(0);
    }

    static void upload(Path folder, String site) {
        upload(folder, site, false);
    }

    /** {@code ostflow upload [--sync]}: what it uploaded and removed. */
    static UploadSummary upload(Path folder, String site, boolean sync) {
        var e = stack().endpoints();
        try (DropUploader uploader =
                new DropUploader(
                        stack().objectStore(), e.kafka(), e.landingBucket(), Clock.systemUTC())) {
            return uploader.upload(folder, site, null, sync, line -> {});
        }
    }

    static void publishRaw(String key, String value) {
        new TopicProbe(stack().endpoints().kafka()).publish(Topics.STORAGE_EVENTS, key, value);
    }

    static List<TaskRegistered> tasks(String site) {
        return read(Topics.TASKS, k -> k.startsWith(site + "-"), TaskRegistered.class);
    }

    static List<DatasetReceived> received(String site) {
        return read(Topics.DATASETS_RECEIVED, site::equals, DatasetReceived.class);
    }

    static List<DatasetRegistered> registered(String site) {
        return read(Topics.DATASETS_REGISTERED, site::equals, DatasetRegistered.class);
    }

    static List<DatasetRejected> rejected(String site) {
        return read(Topics.DATASETS_REJECTED, site::equals, DatasetRejected.class);
    }

    static List<ConsumerRecord<String, String>> records(String topic, Predicate<String> key) {
        return new TopicProbe(stack().endpoints().kafka()).records(topic, key);
    }

    private static <T> List<T> read(String topic, Predicate<String> key, Class<T> type) {
        return records(topic, key).stream().map(r -> parse(r.value(), type)).toList();
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String landing() {
        return ObjectKeys.LANDING_BUCKET;
    }
}
