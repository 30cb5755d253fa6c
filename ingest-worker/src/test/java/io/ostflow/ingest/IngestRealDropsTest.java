package io.ostflow.ingest;

import static io.ostflow.ingest.IngestFixtures.drop;
import static io.ostflow.ingest.IngestFixtures.records;
import static io.ostflow.ingest.IngestFixtures.registered;
import static io.ostflow.ingest.IngestFixtures.rejected;
import static io.ostflow.ingest.IngestFixtures.tasks;
import static io.ostflow.ingest.IngestFixtures.uniqueSite;
import static io.ostflow.ingest.IngestFixtures.upload;
import static io.ostflow.ingest.IngestFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.Topics;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.events.DatasetRejected;
import io.ostflow.common.events.Problem;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.features.FeatureCodec;
import io.ostflow.common.features.LabelFeature;
import io.ostflow.common.fingerprint.Resampler;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.local.testing.LocalStackResource;
import io.ostflow.nifti.NiftiDatatype;
import io.ostflow.nifti.NiftiHeader;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import io.ostflow.nifti.NiftiWriter;
import io.ostflow.nifti.Voxels;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drops as real sites send them, against the real broker and S3 server: litter beside the data,
 * fixes by deletion, several defects at once, nnU-Net's region labels and modality spellings,
 * geometry, and {@code upload --sync}. Every test is followed by a good drop that registers.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class IngestRealDropsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int GRID = 24;

    @TempDir Path dir;

    @AfterEach
    void aGoodDropStillRegisters() {
        String good = uniqueSite("good");
        upload(drop(dir.resolve("good"), Role.SOURCE, 1, 98), good);
        await().atMost(WAIT).until(() -> registered(good).size() == 1);
    }

    @Test
    void readmeLicenseSplitsAndAppleDoubleFilesAreWarningsNotProblems() {
        String site = uniqueSite("litter");
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 2, 11);
        List<String> litter =
                List.of(
                        "README.md",
                        "LICENSE",
                        "splits_final.json",
                        "._dataset.json",
                        "imagesTr/._case001_0000.nii.gz",
                        ".DS_Store");
        litter.forEach(f -> write(folder.resolve(f), "not data".getBytes(StandardCharsets.UTF_8)));

        upload(folder, site);

        await().atMost(WAIT).until(() -> registered(site).size() == 1);
        DatasetRegistered event = registered(site).get(0);
        assertThat(event.warnings())
                .extracting(Problem::key)
                .containsExactlyInAnyOrderElementsOf(
                        litter.stream().map(f -> site + "/" + f).toList());
        assertThat(event.warnings()).extracting(Problem::reason).containsOnly("IGNORED_FILE");
        assertThat(event.tasks()).hasSize(12);
        assertThat(rejected(site)).isEmpty();
    }

    @Test
    void thousandsOfIgnoredFilesGiveABoundedListOfWarnings() {
        String site = uniqueSite("heap");
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 1, 12);
        for (int i = 0; i < 45; i++) {
            write(folder.resolve("note" + i + ".txt"), "x".getBytes(StandardCharsets.UTF_8));
        }

        upload(folder, site);

        await().atMost(WAIT).until(() -> registered(site).size() == 1);
        List<Problem> warnings = registered(site).get(0).warnings();
        assertThat(warnings).as("20 listed, then one that counts the rest").hasSize(21);
        assertThat(warnings.get(20).message()).contains("25 more");
    }

    @Test
    void fiftyChannelsAndTenThousandStrayFilesAreRejectedInOneBoundedEventWithoutReading() {
        String site = uniqueSite("huge");
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 1, 13);
        editDescriptor(
                folder,
                d -> {
                    ObjectNode channels = d.putObject("channel_names");
                    for (int c = 0; c < 50; c++) {
                        channels.put(String.valueOf(c), "M" + c);
                    }
                });
        // already in the bucket when the drop comes (an export left from an earlier sync): the
        // ingest lists them with the drop; their 10,000 notifications would only slow the test
        var store = IngestFixtures.stack().objectStore();
        java.util.stream.IntStream.range(0, 10_000)
                .parallel()
                .forEach(
                        i ->
                                store.put(
                                        IngestFixtures.landing(),
                                        site + "/exports/slice" + i + ".png",
                                        new byte[] {(byte) i},
                                        "image/png"));

        upload(folder, site);

        await().atMost(WAIT).until(() -> rejected(site).size() == 1);
        DatasetRejected rejection = rejected(site).get(0);
        assertThat(rejection.problems())
                .anySatisfy(
                        p -> assertThat(p.message()).contains("50 channels declared; at most 16"));
        assertThat(rejection.warnings())
                .as("10,000 ignored files: 20 listed, then one that counts the rest")
                .hasSize(21);
        assertThat(rejection.warnings().get(20).message()).contains("9980 more");
        assertThat(records(Topics.DATASETS_REJECTED, site::equals).get(0).serializedValueSize())
                .as("far below the broker's 1 MiB limit")
                .isLessThan(64 * 1024);
        assertThat(registered(site)).isEmpty();
    }

    @Test
    void fiveDefectsOneStructuralAndFourInVolumesAreRejectedOnceListingAllFive() throws Exception {
        String site = uniqueSite("five");
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 4, 13);
        write(folder.resolve("imagesTr/notes.txt"), "a note".getBytes(StandardCharsets.UTF_8));
        Path truncated = folder.resolve("imagesTr/case001_0003.nii.gz");
        byte[] bytes = Files.readAllBytes(truncated);
        write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        float[] nan = new float[16 * 16 * 12];
        nan[7] = Float.NaN;
        NiftiWriter.write(
                new NiftiImage(
                        NiftiHeader.builder()
                                .dims(16, 16, 12)
                                .datatype(NiftiDatatype.FLOAT32)
                                .build(),
                        Voxels.ofFloat32(nan)),
                folder.resolve("imagesTr/case002_0000.nii.gz"));
        Path unknown = folder.resolve("labelsTr/case003.nii.gz");
        NiftiImage labels = new NiftiReader().read(unknown);
        labels.voxels().set(3, 7);
        NiftiWriter.write(labels, unknown);
        flipX(folder.resolve("labelsTr/case004.nii.gz"));

        upload(folder, site);

        await().atMost(WAIT).until(() -> !rejected(site).isEmpty());
        Thread.sleep(1_000);
        assertThat(rejected(site)).as("one rejection, not one per round of fixes").hasSize(1);
        DatasetRejected event = rejected(site).get(0);
        assertThat(event.problems())
                .extracting(Problem::reason)
                .containsExactlyInAnyOrder(
                        "UNEXPECTED_FILE",
                        "TRUNCATED",
                        "NOT_FINITE",
                        "UNKNOWN_LABEL_VALUE",
                        "GEOMETRY_MISMATCH");
        assertThat(event.problems())
                .extracting(Problem::key)
                .contains(site + "/imagesTr/notes.txt", site + "/labelsTr/case004.nii.gz");
        assertThat(tasks(site)).isEmpty();
        assertThat(store().list(ObjectKeys.FEATURES_BUCKET, site + "/"))
                .extracting(ObjectStore.StoredObject::key)
                .allMatch(k -> k.endsWith("/_rejected.json"));
    }

    @Test
    void aLabelWithAnotherSpacingOrAFlippedAxisIsAGeometryMismatch() {
        String site = uniqueSite("geom");
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 2, 14);
        stretchZ(folder.resolve("labelsTr/case001.nii.gz"));
        flipX(folder.resolve("labelsTr/case002.nii.gz"));

        upload(folder, site);

        await().atMost(WAIT).until(() -> !rejected(site).isEmpty());
        List<Problem> problems = rejected(site).get(0).problems();
        assertThat(problems).extracting(Problem::reason).containsOnly("GEOMETRY_MISMATCH");
        assertThat(problems)
                .filteredOn(p -> p.key().endsWith("labelsTr/case001.nii.gz"))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("spacing").contains(" vs "));
        assertThat(problems)
                .filteredOn(p -> p.key().endsWith("labelsTr/case002.nii.gz"))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("direction (-1.00000"));
        assertThat(registered(site)).isEmpty();
    }

    @Test
    void regionLabelsMaskEveryVoxelOfTheirValues() throws Exception {
        String site = uniqueSite("region");
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 1, 15);
        editDescriptor(
                folder,
                d ->
                        ((ObjectNode) d.get("labels"))
                                .putPOJO("whole tumor", List.of(1, 2, 3))
                                .putPOJO("tumor core", List.of(3, 1)));

        upload(folder, site);

        await().atMost(WAIT).until(() -> registered(site).size() == 1);
        TaskRegistered whole =
                tasks(site).stream()
                        .filter(t -> t.task().toString().equals(site + "-FLAIR-wholeTumor"))
                        .findFirst()
                        .orElseThrow();
        assertThat(whole.labelValues()).containsExactly(1, 2, 3);
        assertThat(whole.objectiveName()).isEqualTo("whole tumor");
        NiftiImage labels = new NiftiReader().read(folder.resolve("labelsTr/case001.nii.gz"));
        for (var region : List.of(Set.of(1, 2, 3), Set.of(1, 3))) {
            String objective = region.size() == 3 ? "wholeTumor" : "tumorCore";
            double[] expected = new double[labels.voxels().size()];
            long foreground = 0;
            for (int i = 0; i < expected.length; i++) {
                if (region.contains((int) labels.scaled(i))) {
                    expected[i] = 1;
                    foreground++;
                }
            }
            LabelFeature stored =
                    FeatureCodec.decodeLabel(
                            store().get(
                                            ObjectKeys.FEATURES_BUCKET,
                                            ObjectKeys.labelFeature(
                                                    site,
                                                    whole.datasetVersion(),
                                                    objective,
                                                    "case001")));
            assertThat(foreground).isPositive();
            assertThat(stored.foregroundVoxels()).isEqualTo(foreground);
            assertThat(stored.resizedMask())
                    .containsExactly(Resampler.resize(expected, stored.shape(), GRID, false));
        }
    }

    @Test
    void flairAndFLAIRSitesShareOneModality() {
        String lower = uniqueSite("flair");
        String upper = uniqueSite("FLAIR");
        Path a = drop(dir.resolve("a"), Role.SOURCE, 1, 16);
        Path b = drop(dir.resolve("b"), Role.SOURCE, 1, 17);
        editDescriptor(a, d -> ((ObjectNode) d.get("channel_names")).put("3", "Flair"));
        editDescriptor(b, d -> ((ObjectNode) d.get("channel_names")).put("1", "T1Gd"));

        upload(a, lower);
        upload(b, upper);

        await().atMost(WAIT)
                .until(() -> registered(lower).size() == 1 && registered(upper).size() == 1);
        TaskRegistered fromFlair = task(lower, lower + "-FLAIR-ED");
        assertThat(fromFlair.modalityName()).isEqualTo("Flair");
        assertThat(task(upper, upper + "-FLAIR-ED").modalityName()).isEqualTo("FLAIR");
        assertThat(task(upper, upper + "-T1ce-ED").modalityName()).isEqualTo("T1Gd");
    }

    @Test
    void imagesTsCasesWithoutLabelsAreRegisteredAsTheSitesUnlabelledCases() throws Exception {
        String site = uniqueSite("unlab");
        Path folder = drop(dir.resolve("d"), Role.TARGET, 2, 19);
        Files.createDirectories(folder.resolve("imagesTs"));
        for (int c = 0; c < 4; c++) {
            String channel = String.format("_%04d.nii.gz", c);
            Files.copy(
                    folder.resolve("imagesTr/case001" + channel),
                    folder.resolve("imagesTs/scan777" + channel));
        }

        upload(folder, site);

        await().atMost(WAIT).until(() -> registered(site).size() == 1);
        assertThat(registered(site).get(0).unlabelledCases()).isEqualTo(1);
        assertThat(tasks(site))
                .hasSize(12)
                .allSatisfy(t -> assertThat(t.unlabelledCases()).containsExactly("scan777"))
                .allSatisfy(t -> assertThat(t.evaluationCases()).doesNotContain("scan777"));
    }

    @Test
    void uploadSyncRemovesExactlyTheObjectsThatLeftTheFolder() throws Exception {
        String site = uniqueSite("sync");
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 1, 18);
        write(folder.resolve("README.md"), "v1".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(folder.resolve("notes"));
        write(folder.resolve("notes/a.txt"), "a".getBytes(StandardCharsets.UTF_8));
        write(folder.resolve("notes/b.txt"), "b".getBytes(StandardCharsets.UTF_8));
        upload(folder, site, true);
        await().atMost(WAIT).until(() -> registered(site).size() == 1);

        Files.delete(folder.resolve("README.md"));
        Files.delete(folder.resolve("notes/a.txt"));
        var summary = upload(folder, site, true);

        assertThat(summary.removed())
                .containsExactlyInAnyOrder(site + "/README.md", site + "/notes/a.txt");
        assertThat(store().list(IngestFixtures.landing(), site + "/"))
                .extracting(ObjectStore.StoredObject::key)
                .containsExactlyInAnyOrderElementsOf(files(folder, site));
    }

    @Test
    void uploadSyncOfAFolderThatLostACaseDecidesOnlyTheSyncedVersion() throws Exception {
        String site = uniqueSite("synccase");
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 2, 20);
        upload(folder, site, true);
        await().atMost(WAIT).until(() -> registered(site).size() == 1);

        for (int c = 0; c < 4; c++) {
            Files.delete(folder.resolve(String.format("imagesTr/case002_%04d.nii.gz", c)));
        }
        Files.delete(folder.resolve("labelsTr/case002.nii.gz"));
        editDescriptor(folder, d -> d.put("numTraining", 1));
        var summary = upload(folder, site, true);

        assertThat(summary.removed()).hasSize(5).allMatch(k -> k.contains("case002"));
        await().atMost(WAIT).until(() -> registered(site).size() == 2);
        Thread.sleep(1_000);
        assertThat(rejected(site)).as("no half-synced version was decided").isEmpty();
        assertThat(registered(site)).hasSize(2);
        assertThat(registered(site).get(1).cases()).isEqualTo(1);
    }

    private static TaskRegistered task(String site, String id) {
        return tasks(site).stream()
                .filter(t -> t.task().toString().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError(id + " not among " + tasks(site)));
    }

    /** Mirrors the first axis in the header: same voxels, another direction. */
    private static void flipX(Path file) {
        NiftiImage image = new NiftiReader().read(file);
        double[][] srow = image.header().srow();
        for (int row = 0; row < 3; row++) {
            srow[row][0] = -srow[row][0];
        }
        NiftiWriter.write(
                new NiftiImage(image.header().toBuilder().sform(1, srow).build(), image.voxels()),
                file);
    }

    /** Doubles the slice thickness in the header. */
    private static void stretchZ(Path file) {
        NiftiImage image = new NiftiReader().read(file);
        double[][] srow = image.header().srow();
        for (int row = 0; row < 3; row++) {
            srow[row][2] = 2 * srow[row][2];
        }
        NiftiWriter.write(
                new NiftiImage(image.header().toBuilder().sform(1, srow).build(), image.voxels()),
                file);
    }

    private static void editDescriptor(Path folder, Consumer<ObjectNode> edit) {
        try {
            Path json = folder.resolve("dataset.json");
            ObjectNode d = (ObjectNode) Json.mapper().readTree(json.toFile());
            edit.accept(d);
            Json.mapper().writeValue(json.toFile(), d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> files(Path folder, String site) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .map(f -> site + "/" + folder.relativize(f).toString().replace('\\', '/'))
                    .toList();
        }
    }

    private static ObjectStore store() {
        return IngestFixtures.stack().objectStore();
    }
}
