package io.ostflow.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.dataset.TaskNames;
import io.ostflow.ingest.domain.Reasons;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** docs/ingest.md against the code: the modality alias table and the reason codes it names. */
class IngestDocTest {
    private final MarkdownDoc page = MarkdownDoc.page("ingest.md");

    @Test
    void theAliasTableIsTheOneTaskNamesUses() {
        Map<String, String> documented = new TreeMap<>();
        page.rows().stream()
                .filter(r -> r.header().get(0).startsWith("spelling"))
                .forEach(
                        r ->
                                documented.put(
                                        MarkdownDoc.backticked(r.cell(0)).get(0),
                                        MarkdownDoc.backticked(r.cell(1)).get(0)));

        assertThat(documented).isEqualTo(new TreeMap<>(TaskNames.MODALITY_ALIASES));
        documented.forEach(
                (spelling, modality) ->
                        assertThat(TaskNames.modality(spelling)).as(spelling).hasValue(modality));
    }

    @Test
    void everyReasonCodeTheIngestPageNamesExists() throws Exception {
        var codes =
                Arrays.stream(Reasons.class.getFields())
                        .filter(f -> Modifier.isStatic(f.getModifiers()))
                        .map(IngestDocTest::value)
                        .toList();
        String text = Files.readString(Path.of("ingest.md"));
        for (String named :
                List.of(
                        "IGNORED_FILE",
                        "UNEXPECTED_FILE",
                        "GEOMETRY_MISMATCH",
                        "SHAPE_MISMATCH",
                        "INVALID_NAME",
                        "MALFORMED_DATASET_JSON")) {
            assertThat(text).contains("`" + named + "`");
            assertThat(codes).contains(named);
        }
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
