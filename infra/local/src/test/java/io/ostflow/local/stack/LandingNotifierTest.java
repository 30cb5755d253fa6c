package io.ostflow.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Json;
import io.ostflow.common.Topics;
import io.ostflow.common.storage.MinioNotification;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.common.storage.ObjectStore.StoredObject;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.local.testing.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The embedded store notifies for every client, as MinIO does: an object written or removed by a
 * plain S3 client (here the MinIO SDK, not {@code ostflow upload}) reaches {@code
 * ostflow.storage-events}; one that {@code ostflow upload} notified itself is not notified twice.
 */
class LandingNotifierTest {
    private static final String BUCKET = ObjectKeys.LANDING_BUCKET;

    @Test
    void anyClientsPutsAndDeletesAreNotifiedOnceAndTheUploadersAreNot() {
        LocalStack stack = SharedLocalStack.get();
        ObjectStore client = stack.objectStore();
        String site = "notify" + System.nanoTime();
        try (LandingNotifier notifier = watching(stack)) {
            client.put(BUCKET, site + "/dataset.json", bytes("{}"), "application/json");
            client.put(
                    BUCKET,
                    site + "/imagesTr/a_0000.nii.gz",
                    bytes("x"),
                    "application/gzip",
                    Map.of(LandingNotifier.NOTIFIED, "true"));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> events(stack, site + "/dataset.json").size() == 1);
            client.delete(BUCKET, site + "/dataset.json");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> events(stack, site + "/dataset.json").size() == 2);

            List<MinioNotification> notes = events(stack, site + "/dataset.json");
            assertThat(notes.get(0).eventName()).isEqualTo(MinioNotification.OBJECT_CREATED_PUT);
            StoredObject stored = client.stat(BUCKET, site + "/imagesTr/a_0000.nii.gz").get();
            assertThat(notes.get(1).eventName()).isEqualTo(MinioNotification.OBJECT_REMOVED_DELETE);
            assertThat(events(stack, stored.key()))
                    .as("notified by its writer, not again")
                    .isEmpty();
        }
    }

    /** Debian's awscli, installed by .ci/run: what sites actually upload with. */
    private static final java.nio.file.Path AWS = java.nio.file.Path.of("/usr/bin/aws");

    @Test
    void anAwsCliSyncAndRemoveAreNotifiedLikeMinioWould(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertThat(AWS)
                .as("Debian's awscli must be installed (.ci/run installs it)")
                .isExecutable();
        LocalStack stack = SharedLocalStack.get();
        String site = "awscli" + System.nanoTime();
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(dir.resolve("imagesTr"));
        java.nio.file.Files.writeString(folder.resolve("case000_0000.nii.gz"), "image");
        java.nio.file.Files.writeString(dir.resolve("dataset.json"), "{}");
        String prefix = "s3://" + BUCKET + "/" + site + "/";
        try (LandingNotifier notifier = watching(stack)) {
            aws(stack, "s3", "sync", dir.toString(), prefix);
            awaitDescriptorAndImageCreated(stack, site);
            aws(stack, "s3", "rm", prefix + "imagesTr/case000_0000.nii.gz");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> events(stack, site + "/imagesTr/case000_0000.nii.gz").size() == 2);
        }
        List<MinioNotification> image = events(stack, site + "/imagesTr/case000_0000.nii.gz");
        assertThat(image.get(0).eventName()).isEqualTo(MinioNotification.OBJECT_CREATED_PUT);
        assertThat(image.get(1).eventName()).isEqualTo(MinioNotification.OBJECT_REMOVED_DELETE);
    }

    /** Debian's python3 with boto3 (python3-boto3, installed by .ci/run): what pipelines use. */
    private static final java.nio.file.Path PYTHON = java.nio.file.Path.of("/usr/bin/python3");

    /** {@code put BUCKET SITE FILE}: a descriptor and an image; {@code delete BUCKET SITE}. */
    private static final String BOTO3 =
            String.join(
                    "\n",
                    "import os, sys, boto3",
                    "s3 = boto3.client('s3', endpoint_url=os.environ['S3_ENDPOINT'])",
                    "action, bucket, site = sys.argv[1:4]",
                    "if action == 'put':",
                    "    s3.put_object(Bucket=bucket, Key=site + '/dataset.json', Body=b'{}')",
                    "    s3.upload_file(sys.argv[4], bucket, site + '/imagesTr/case000_0000.nii.gz')",
                    "else:",
                    "    s3.delete_object(Bucket=bucket, Key=site + '/dataset.json')");

    @Test
    void boto3PutsUploadsAndDeletesAreNotifiedLikeMinioWould(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertThat(PYTHON).as("Debian's python3 (.ci/run installs python3-boto3)").isExecutable();
        LocalStack stack = SharedLocalStack.get();
        String site = "boto3" + System.nanoTime();
        java.nio.file.Path image = java.nio.file.Files.writeString(dir.resolve("image"), "image");
        java.nio.file.Path script = java.nio.file.Files.writeString(dir.resolve("s3.py"), BOTO3);
        try (LandingNotifier notifier = watching(stack)) {
            boto3(stack, script, "put", BUCKET, site, image.toString());
            awaitDescriptorAndImageCreated(stack, site);
            boto3(stack, script, "delete", BUCKET, site);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> events(stack, site + "/dataset.json").size() == 2);
        }
        assertThat(events(stack, site + "/dataset.json"))
                .extracting(MinioNotification::eventName)
                .containsExactly(
                        MinioNotification.OBJECT_CREATED_PUT,
                        MinioNotification.OBJECT_REMOVED_DELETE);
        assertThat(events(stack, site + "/imagesTr/case000_0000.nii.gz"))
                .extracting(MinioNotification::eventName)
                .containsExactly(MinioNotification.OBJECT_CREATED_PUT);
    }

    private static void boto3(LocalStack stack, java.nio.file.Path script, String... args)
            throws Exception {
        List<String> command =
                new java.util.ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        command.addAll(List.of(args));
        run(stack, command);
    }

    private static void aws(LocalStack stack, String... args) throws Exception {
        List<String> command =
                new java.util.ArrayList<>(
                        List.of(AWS.toString(), "--endpoint-url", stack.endpoints().s3()));
        command.addAll(List.of(args));
        run(stack, command);
    }

    /** Runs an S3 client with the stack's credentials in the environment, as sites set them. */
    private static void run(LocalStack stack, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("S3_ENDPOINT", stack.endpoints().s3());
        builder.environment().put("AWS_ACCESS_KEY_ID", stack.endpoints().s3AccessKey());
        builder.environment().put("AWS_SECRET_ACCESS_KEY", stack.endpoints().s3SecretKey());
        builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    /** The notifier of the landing bucket as the local stack runs it, listing every 200 ms. */
    private static LandingNotifier watching(LocalStack stack) {
        return LandingNotifier.start(
                stack.objectStore(), BUCKET, stack.endpoints().kafka(), Duration.ofMillis(200));
    }

    private static void awaitDescriptorAndImageCreated(LocalStack stack, String site) {
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                events(stack, site + "/dataset.json").size() == 1
                                        && events(stack, site + "/imagesTr/case000_0000.nii.gz")
                                                        .size()
                                                == 1);
    }

    @Test
    void theDiffSeesCreatedOverwrittenAndRemovedObjects() {
        ListingDiff diff = new ListingDiff();
        diff.baseline(List.of(object("a", "1"), object("b", "1")));

        ListingDiff.Changes changes =
                diff.next(List.of(object("a", "1"), object("b", "2"), object("c", "1")));
        assertThat(changes.created()).extracting(StoredObject::key).containsExactly("b", "c");
        assertThat(changes.removed()).isEmpty();

        changes = diff.next(List.of(object("c", "1")));
        assertThat(changes.created()).isEmpty();
        assertThat(changes.removed()).containsExactly("a", "b");
        assertThat(diff.next(List.of(object("c", "1"))).isEmpty()).isTrue();
    }

    private static StoredObject object(String key, String etag) {
        return new StoredObject(key, 1, etag, null);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<MinioNotification> events(LocalStack stack, String key) {
        String recordKey = MinioNotification.recordKey(BUCKET, key);
        return new TopicProbe(stack.endpoints().kafka())
                .records(Topics.STORAGE_EVENTS, recordKey::equals).stream()
                        .map(ConsumerRecord::value)
                        .map(LandingNotifierTest::parse)
                        .toList();
    }

    private static MinioNotification parse(String json) {
        try {
            return Json.mapper().readValue(json, MinioNotification.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
