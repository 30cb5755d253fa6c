package io.ostflow.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.events.Problem;
import io.ostflow.common.storage.ObjectStore.StoredObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The structural checks, on listings written by hand: no broker, no store. */
class DropInspectorTest {
    private static final String JSON =
            """
            {"channel_names": {"0": "T1", "1": "FLAIR"}, "labels": {"background": 0, "ED": 2, "ET": 3},
             "numTraining": 2, "file_ending": ".nii.gz", "ostflow": {"site": "07", "role": "source"}}""";

    private final DropInspector inspector = new DropInspector(1_000_000);

    @Test
    void aCompleteDropIsReadyWithItsCasesInOrder() {
        DropStructure drop = inspect(JSON, complete());
        assertThat(drop.isReady()).as(drop.allProblems().toString()).isTrue();
        assertThat(drop.training()).extracting(CaseFiles::caseId).containsExactly("a1", "b2");
        assertThat(drop.training().get(0).channels()).containsOnlyKeys(0, 1);
        assertThat(drop.version()).hasSize(32);
    }

    @Test
    void theVersionDependsOnContentOnly() {
        List<StoredObject> objects = complete();
        List<StoredObject> reversed = new ArrayList<>(objects);
        Collections.reverse(reversed);
        assertThat(inspect(JSON, reversed).version()).isEqualTo(inspect(JSON, objects).version());
        objects.set(1, new StoredObject(objects.get(1).key(), 10, "changed", null));
        assertThat(inspect(JSON, objects).version())
                .isNotEqualTo(inspect(JSON, reversed).version());
    }

    @Test
    void aMissingChannelOrLabelIsIncompleteNotInvalid() {
        List<StoredObject> objects = complete();
        objects.removeIf(
                o ->
                        o.key().equals("07/imagesTr/b2_0001.nii.gz")
                                || o.key().equals("07/labelsTr/a1.nii.gz"));
        DropStructure drop = inspect(JSON, objects);
        assertThat(drop.invalid()).isEmpty();
        assertThat(reasons(drop.incomplete()))
                .contains("MISSING_CHANNEL", "MISSING_LABEL", "COUNT_MISMATCH");
    }

    @Test
    void strayFilesUnknownChannelsAndUnsafeKeysAreInvalid() {
        List<StoredObject> objects = complete();
        objects.add(object("07/imagesTr/a1_0005.nii.gz"));
        objects.add(object("07/imagesTr/notes.txt"));
        objects.add(object("07/imagesTr/../x.nii.gz"));
        objects.add(new StoredObject("07/imagesTr/huge_0000.nii.gz", 5_000_000, "e", null));
        assertThat(reasons(inspect(JSON, objects).invalid()))
                .contains("UNKNOWN_CHANNEL", "UNEXPECTED_FILE", "UNSAFE_KEY", "TOO_LARGE");
    }

    @Test
    void descriptorProblemsAreAllReported() {
        String bad =
                """
                {"channel_names": {"0": "Flair", "1": "FLAIR"}, "labels": {"background": 1, "é": 2,
                 "ED": [3, 4], "edema": [4, 3], "ET": -1},
                 "numTraining": 0, "file_ending": ".nii.gz", "ostflow": {"site": "08", "role": "source"}}""";
        List<Problem> problems = inspect(bad, complete()).invalid();
        assertThat(problems)
                .extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("channels 0 and 1 are both modality FLAIR"))
                .anySatisfy(m -> assertThat(m).contains("'é' has no ASCII letter or digit"))
                .anySatisfy(m -> assertThat(m).contains("have the same values [3, 4]"))
                .anySatisfy(m -> assertThat(m).contains("'ET' must have positive values"))
                .anySatisfy(m -> assertThat(m).contains("\"background\" to 0"))
                .anySatisfy(m -> assertThat(m).contains("numTraining must be >= 1"))
                .anySatisfy(m -> assertThat(m).contains("ostflow.site '08' differs"));
    }

    @Test
    void filesOutsideTheDatasetAreWarningsAndLeaveTheVersionAlone() {
        List<StoredObject> objects = complete();
        String version = inspect(JSON, objects).version();
        List<String> litter =
                List.of(
                        "07/README.md",
                        "07/LICENSE",
                        "07/splits_final.json",
                        "07/.DS_Store",
                        "07/imagesTr/._a1_0000.nii.gz",
                        "07/labelsTr/Thumbs.db",
                        "07/docs/protocol.pdf");
        litter.forEach(key -> objects.add(object(key)));

        DropStructure drop = inspect(JSON, objects);

        assertThat(drop.isReady()).as(drop.allProblems().toString()).isTrue();
        assertThat(drop.warnings()).extracting(Problem::key).containsExactlyElementsOf(litter);
        assertThat(reasons(drop.warnings())).containsOnly("IGNORED_FILE");
        assertThat(drop.version()).isEqualTo(version);
    }

    @Test
    void imagesTsCasesWithoutLabelsAreUnlabelledCases() {
        List<StoredObject> objects = complete();
        objects.add(object("07/imagesTs/u9_0000.nii.gz"));
        objects.add(object("07/imagesTs/u9_0001.nii.gz"));
        objects.add(object("07/imagesTs/u8_0000.nii.gz"));

        DropStructure drop = inspect(JSON, objects);

        assertThat(drop.unlabelled()).extracting(CaseFiles::caseId).containsExactly("u9");
        assertThat(drop.heldOut()).isEmpty();
        assertThat(drop.incomplete())
                .extracting(Problem::key)
                .containsExactly("07/imagesTs/u8_0001.nii.gz");
    }

    @Test
    void unparseableJsonAndABadRoleAreMalformed() {
        assertThat(reasons(inspect("{oops", complete()).invalid()))
                .containsExactly("MALFORMED_DATASET_JSON");
        String role = JSON.replace("\"source\"", "\"sauce\"");
        assertThat(reasons(inspect(role, complete()).invalid()))
                .containsExactly("MALFORMED_DATASET_JSON");
    }

    private DropStructure inspect(String json, List<StoredObject> objects) {
        return inspector.inspect("07", objects, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tooManyChannelsOrLabelsAndAnOversizedDescriptorAreRefusedWithoutReadingIt() {
        StringBuilder channels = new StringBuilder();
        for (int c = 0; c < 17; c++) {
            channels.append(c == 0 ? "" : ", ")
                    .append('"')
                    .append(c)
                    .append("\": \"T")
                    .append(c)
                    .append('"');
        }
        String manyChannels =
                JSON.replace("{\"0\": \"T1\", \"1\": \"FLAIR\"}", "{" + channels + "}");
        assertThat(inspect(manyChannels, complete()).invalid())
                .anySatisfy(p -> assertThat(p.message()).contains("17 channels", "at most 16"));

        StringBuilder labels = new StringBuilder("\"background\": 0");
        for (int l = 1; l <= 65; l++) {
            labels.append(", \"L").append(l).append("\": ").append(l);
        }
        String manyLabels =
                JSON.replace("\"background\": 0, \"ED\": 2, \"ET\": 3", labels.toString());
        assertThat(inspect(manyLabels, complete()).invalid())
                .anySatisfy(p -> assertThat(p.message()).contains("65 foreground", "at most 64"));

        List<StoredObject> objects = complete();
        objects.set(0, new StoredObject("07/dataset.json", 5L << 20, "big", null));
        DropStructure huge =
                inspector.inspect(
                        "07",
                        objects,
                        key -> {
                            throw new AssertionError("an oversized dataset.json is not read");
                        });
        assertThat(reasons(huge.invalid())).containsExactly("TOO_LARGE");
    }

    private static List<StoredObject> complete() {
        List<StoredObject> objects = new ArrayList<>();
        objects.add(object("07/dataset.json"));
        for (String c : List.of("a1", "b2")) {
            objects.add(object("07/imagesTr/" + c + "_0000.nii.gz"));
            objects.add(object("07/imagesTr/" + c + "_0001.nii.gz"));
            objects.add(object("07/labelsTr/" + c + ".nii.gz"));
        }
        return objects;
    }

    private static StoredObject object(String key) {
        return new StoredObject(key, 100, Integer.toHexString(key.hashCode()), null);
    }

    private static List<String> reasons(List<Problem> problems) {
        return problems.stream().map(Problem::reason).toList();
    }
}
