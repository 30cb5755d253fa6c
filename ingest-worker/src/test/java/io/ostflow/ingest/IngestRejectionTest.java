package io.ostflow.ingest;

import static io.ostflow.ingest.IngestFixtures.drop;
import static io.ostflow.ingest.IngestFixtures.registered;
import static io.ostflow.ingest.IngestFixtures.rejected;
import static io.ostflow.ingest.IngestFixtures.tasks;
import static io.ostflow.ingest.IngestFixtures.uniqueSite;
import static io.ostflow.ingest.IngestFixtures.upload;
import static io.ostflow.ingest.IngestFixtures.write;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.Topics;
import io.ostflow.common.events.DatasetRejected;
import io.ostflow.common.events.Problem;
import io.ostflow.common.storage.MinioNotification;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.local.testing.LocalStackResource;
import io.ostflow.local.testing.TopicProbe;
import io.ostflow.nifti.NiftiDatatype;
import io.ostflow.nifti.NiftiHeader;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import io.ostflow.nifti.NiftiWriter;
import io.ostflow.nifti.Voxels;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per rejection reason, against the real broker and S3 server: a {@code DatasetRejected}
 * naming the reason, nothing registered for that site, and the worker still registers a good drop
 * right after.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class IngestRejectionTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir Path dir;

    @AfterEach
    void theWorkerKeepsConsuming() {
        String good = uniqueSite("good");
        upload(drop(dir.resolve("good"), Role.SOURCE, 1, 99), good);
        await().atMost(WAIT).until(() -> registered(good).size() == 1);
    }

    @Test
    void missingChannelIsRejectedAfterWaitingAndACorrectedUploadRegisters() throws Exception {
        String site = uniqueSite("nochan");
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 2, 1);
        Path channel = folder.resolve("imagesTr/case002_0002.nii.gz");
        byte[] kept = Files.readAllBytes(channel);
        Files.delete(channel);
        upload(folder, site);

        Problem problem = assertRejectedWith(site, "MISSING_CHANNEL");
        assertThat(problem.key()).isEqualTo(site + "/imagesTr/case002_0002.nii.gz");

        Files.write(channel, kept);
        upload(folder, site);
        await().atMost(WAIT).until(() -> registered(site).size() == 1);
        assertThat(registered(site).get(0).datasetVersion())
                .isNotEqualTo(rejected(site).get(0).datasetVersion());
    }

    @Test
    void shapeMismatch() {
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 1, 2);
        NiftiHeader small =
                NiftiHeader.builder().dims(10, 10, 10).datatype(NiftiDatatype.FLOAT32).build();
        NiftiWriter.write(
                new NiftiImage(small, Voxels.ofFloat32(ones(1000))),
                folder.resolve("imagesTr/case001_0001.nii.gz"));
        assertRejected(folder, "SHAPE_MISMATCH");
    }

    @Test
    void unknownLabelValue() {
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 1, 3);
        Path labels = folder.resolve("labelsTr/case001.nii.gz");
        NiftiImage image = new NiftiReader().read(labels);
        image.voxels().set(5, 7);
        NiftiWriter.write(image, labels);
        Problem problem = assertRejected(folder, "UNKNOWN_LABEL_VALUE");
        assertThat(problem.message()).contains("7.0");
    }

    @Test
    void nanVoxels() {
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 1, 4);
        float[] values = ones(16 * 16 * 12);
        values[100] = Float.NaN;
        NiftiHeader header =
                NiftiHeader.builder().dims(16, 16, 12).datatype(NiftiDatatype.FLOAT32).build();
        NiftiWriter.write(
                new NiftiImage(header, Voxels.ofFloat32(values)),
                folder.resolve("imagesTr/case001_0000.nii.gz"));
        assertRejected(folder, "NOT_FINITE");
    }

    @Test
    void truncatedGzip() throws Exception {
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 1, 5);
        Path file = folder.resolve("imagesTr/case001_0003.nii.gz");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertRejected(folder, "TRUNCATED");
    }

    @Test
    void wrongMagic() throws Exception {
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 1, 6);
        Path file = folder.resolve("imagesTr/case001_0000.nii.gz");
        byte[] plain = NiftiWriter.toBytes(new NiftiReader().read(file), false);
        plain[344] = 'x';
        write(file, gzip(plain));
        assertRejected(folder, "BAD_MAGIC");
    }

    @Test
    void oversizedDimensions() {
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 1, 7);
        NiftiHeader header =
                NiftiHeader.builder().dims(4, 4, 4).datatype(NiftiDatatype.INT16).build();
        byte[] plain =
                NiftiWriter.toBytes(
                        new NiftiImage(header, Voxels.allocate(NiftiDatatype.INT16, 64)), false);
        ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(42, (short) 30000).putShort(44, (short) 30000).putShort(46, (short) 30000);
        write(folder.resolve("imagesTr/case001_0002.nii.gz"), gzip(plain));
        assertRejected(folder, "TOO_LARGE");
    }

    @Test
    void malformedDatasetJson() {
        // ostflow upload refuses a broken dataset.json itself, so put it like any S3 client would
        String site = uniqueSite("badjson");
        byte[] json = "{\"channel_names\": {\"0\": \"T1\"".getBytes(StandardCharsets.UTF_8);
        var stored =
                IngestFixtures.stack()
                        .objectStore()
                        .put(
                                ObjectKeys.LANDING_BUCKET,
                                site + "/dataset.json",
                                json,
                                "application/json");
        notify(site + "/dataset.json", stored.etag());
        assertRejectedWith(site, "MALFORMED_DATASET_JSON");
    }

    @Test
    void pathTraversalKey() {
        String site = uniqueSite("trav");
        notify(site + "/imagesTr/../../../etc/passwd", "d41d8cd98f00b204e9800998ecf8427e");
        Problem problem = assertRejectedWith(site, "UNSAFE_KEY");
        assertThat(problem.message()).contains("..");
    }

    @Test
    void malformedNotificationIsRejectedAndDeadLettered() {
        String site = uniqueSite("garbled");
        String key = ObjectKeys.LANDING_BUCKET + "/" + site + "/dataset.json";
        IngestFixtures.publishRaw(key, "this is { not json");

        assertRejectedWith(site, "MALFORMED_NOTIFICATION");
        await().atMost(WAIT)
                .until(
                        () ->
                                !IngestFixtures.records(
                                                Topics.deadLetter(Topics.STORAGE_EVENTS),
                                                key::equals)
                                        .isEmpty());
        assertThat(
                        IngestFixtures.records(
                                        Topics.deadLetter(Topics.STORAGE_EVENTS), key::equals)
                                .get(0)
                                .value())
                .isEqualTo("this is { not json");
        // Operators see it: the channel's failures (each one dead-lettered) and the rejection.
        String metrics =
                given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(counter(metrics, "quarkus_messaging_message_failures_total", "storage-events"))
                .isGreaterThanOrEqualTo(1);
        assertThat(counter(metrics, "ostflow_ingest_drops_total", "rejected"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aSiteChangeNamingNoValidSiteIsDeadLetteredWithItsReason() {
        String key = "bad/" + uniqueSite("sc");
        String value = "{\"site\":\"../" + key + "\",\"cause\":\"reconciliation\"}";
        new TopicProbe(IngestFixtures.stack().endpoints().kafka())
                .publish(Topics.SITE_CHANGES, key, value);

        await().atMost(WAIT)
                .until(
                        () ->
                                !IngestFixtures.records(
                                                Topics.deadLetter(Topics.SITE_CHANGES), key::equals)
                                        .isEmpty());
        var dead =
                IngestFixtures.records(Topics.deadLetter(Topics.SITE_CHANGES), key::equals).get(0);
        assertThat(dead.value()).isEqualTo(value);
        assertThat(
                        new String(
                                dead.headers().lastHeader("dead-letter-reason").value(),
                                StandardCharsets.UTF_8))
                .contains("SiteChanged names no valid site");
    }

    /**
     * The value of the first Prometheus sample of {@code name} whose labels mention {@code label}.
     */
    private static double counter(String metrics, String name, String label) {
        return metrics.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains("\"" + label + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }

    private Problem assertRejected(Path folder, String reason) {
        String site = uniqueSite(reason.toLowerCase().replace("_", ""));
        upload(folder, site);
        return assertRejectedWith(site, reason);
    }

    private static Problem assertRejectedWith(String site, String reason) {
        await().atMost(WAIT).until(() -> !rejected(site).isEmpty());
        DatasetRejected event = rejected(site).get(0);
        assertThat(event.problems()).extracting(Problem::reason).contains(reason);
        assertThat(event.problems()).allSatisfy(p -> assertThat(p.message()).isNotBlank());
        assertThat(tasks(site)).as("nothing of a rejected drop is registered").isEmpty();
        assertThat(registered(site)).isEmpty();
        return event.problems().stream()
                .filter(p -> p.reason().equals(reason))
                .findFirst()
                .orElseThrow();
    }

    private static void notify(String objectKey, String etag) {
        MinioNotification n =
                MinioNotification.objectCreated(
                        ObjectKeys.LANDING_BUCKET,
                        objectKey,
                        10,
                        etag,
                        "application/json",
                        "0000000000000001",
                        Instant.now());
        try {
            IngestFixtures.publishRaw(
                    MinioNotification.recordKey(ObjectKeys.LANDING_BUCKET, objectKey),
                    Json.mapper().writeValueAsString(n));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] ones(int n) {
        float[] values = new float[n];
        Arrays.fill(values, 1);
        return values;
    }

    private static byte[] gzip(byte[] plain) {
        try (var bytes = new ByteArrayOutputStream();
                var gz = new GZIPOutputStream(bytes)) {
            gz.write(plain);
            gz.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
