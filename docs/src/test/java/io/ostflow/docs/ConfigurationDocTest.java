package io.ostflow.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.affinity.config.AffinityConfig;
import io.ostflow.docs.ConfigMappingKeys.Key;
import io.ostflow.docs.ConfigMappingKeys.Kind;
import io.ostflow.ingest.config.IngestConfig;
import io.ostflow.planner.config.PlannerConfig;
import io.ostflow.trainer.config.TrainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md against the services' {@code @ConfigMapping} interfaces: every key of every
 * service is documented (in its section or the shared one) with its default, its environment
 * variable spelt as Quarkus maps it, and every documented {@code ostflow.*} key exists.
 */
class ConfigurationDocTest {
    private static final String SHARED = "Shared by every service";

    /** Section heading of docs/configuration.md to the mapping it documents. */
    private static final Map<String, Class<?>> SECTIONS =
            Map.of(
                    "ingest-worker (`IngestConfig`)", IngestConfig.class,
                    "affinity-worker (`AffinityConfig`)", AffinityConfig.class,
                    "planner (`PlannerConfig`)", PlannerConfig.class,
                    "trainer-worker (`TrainerConfig`)", TrainerConfig.class);

    private final MarkdownDoc page = MarkdownDoc.page("configuration.md");

    /** A documented key: where, its env var and its default cell. */
    record Documented(String section, String env, String defaultCell) {}

    @Test
    void everyKeyOfEveryServiceIsDocumentedInItsSectionOrTheSharedOne() {
        Map<String, Map<String, Documented>> documented = documented();
        List<String> missing = new ArrayList<>();
        SECTIONS.forEach(
                (section, mapping) ->
                        ConfigMappingKeys.of(mapping).keySet().stream()
                                .filter(
                                        k ->
                                                !documented
                                                                .getOrDefault(section, Map.of())
                                                                .containsKey(k)
                                                        && !documented.get(SHARED).containsKey(k))
                                .forEach(k -> missing.add(mapping.getSimpleName() + ": " + k)));
        assertThat(missing).as("keys in code, not in docs/configuration.md").isEmpty();
    }

    @Test
    void everyDocumentedKeyExistsInTheMappingOfItsSection() {
        Map<String, Map<String, Documented>> documented = documented();
        List<String> unknown = new ArrayList<>();
        documented.forEach(
                (section, keys) -> {
                    Set<String> known = new TreeSet<>();
                    if (section.equals(SHARED)) {
                        SECTIONS.values()
                                .forEach(m -> known.addAll(ConfigMappingKeys.of(m).keySet()));
                    } else if (SECTIONS.containsKey(section)) {
                        known.addAll(ConfigMappingKeys.of(SECTIONS.get(section)).keySet());
                    }
                    keys.keySet().stream()
                            .filter(k -> k.startsWith("ostflow.") && !known.contains(k))
                            .forEach(k -> unknown.add(section + ": " + k));
                });
        assertThat(unknown).as("keys in docs/configuration.md that no mapping has").isEmpty();
    }

    @Test
    void everyDefaultAndEveryRequiredKeyIsDocumentedAsTheCodeHasIt() {
        Map<String, Map<String, Documented>> documented = documented();
        List<String> wrong = new ArrayList<>();
        SECTIONS.forEach(
                (section, mapping) ->
                        ConfigMappingKeys.of(mapping)
                                .forEach(
                                        (k, key) -> {
                                            Documented d =
                                                    documented
                                                            .getOrDefault(section, Map.of())
                                                            .getOrDefault(
                                                                    k,
                                                                    documented.get(SHARED).get(k));
                                            if (d != null && !agrees(key, d.defaultCell())) {
                                                wrong.add(
                                                        k
                                                                + ": code "
                                                                + key
                                                                + ", docs '"
                                                                + d.defaultCell()
                                                                + "'");
                                            }
                                        }));
        assertThat(wrong).as("defaults that differ between code and docs").isEmpty();
    }

    @Test
    void everyEnvironmentVariableIsSpeltAsQuarkusMapsTheKey() {
        List<String> wrong = new ArrayList<>();
        documented()
                .forEach(
                        (section, keys) ->
                                keys.forEach(
                                        (k, d) -> {
                                            String expected =
                                                    k.toUpperCase().replaceAll("[.-]", "_");
                                            if (k.startsWith("ostflow.")
                                                    && !d.env().equals(expected)) {
                                                wrong.add(
                                                        k
                                                                + " documented as "
                                                                + d.env()
                                                                + ", is "
                                                                + expected);
                                            }
                                        }));
        assertThat(wrong).isEmpty();
    }

    @Test
    void noTableIsSplitByABlankLine() {
        assertThat(page.orphanRows()).as("rows that render without a header").isEmpty();
    }

    /**
     * Documented keys by section. Tables whose first header cell names a prefix ({@code property
     * (`ostflow.trainer.` ...)}) list keys relative to it.
     */
    private Map<String, Map<String, Documented>> documented() {
        Map<String, Map<String, Documented>> bySection = new LinkedHashMap<>();
        for (MarkdownDoc.Row row : page.rows()) {
            if (!row.header().get(0).startsWith("property")) {
                continue;
            }
            List<String> names = MarkdownDoc.backticked(row.cell(0));
            if (names.isEmpty()) {
                continue;
            }
            String prefix = prefix(row.header().get(0));
            String envPrefix = prefix(row.header().get(1));
            String env = MarkdownDoc.backticked(row.cell(1)).stream().findFirst().orElse("");
            bySection
                    .computeIfAbsent(row.section(), s -> new LinkedHashMap<>())
                    .put(
                            prefix + names.get(0),
                            new Documented(row.section(), envPrefix + env, row.cell(2)));
        }
        return bySection;
    }

    private static String prefix(String headerCell) {
        return MarkdownDoc.backticked(headerCell).stream().findFirst().orElse("");
    }

    /** A default cell agrees when it starts with the code's default, or says unset/required. */
    private static boolean agrees(Key key, String cell) {
        List<String> values = MarkdownDoc.backticked(cell);
        return switch (key.kind()) {
            case DEFAULTED -> !values.isEmpty() && values.get(0).equals(key.defaultValue());
            case REQUIRED -> cell.contains("required");
            // an optional key is unset, or takes the recipe profile's value (RecipeSettingsTest)
            case OPTIONAL -> true;
        };
    }

    @Test
    void kebabCaseIsSmallRyesNaming() {
        assertThat(ConfigMappingKeys.kebab("maxVoxelBytes")).isEqualTo("max-voxel-bytes");
        assertThat(ConfigMappingKeys.kebab("k1")).isEqualTo("k1");
        assertThat(ConfigMappingKeys.of(PlannerConfig.class))
                .containsEntry("ostflow.planner.sparsify.k", new Key(Kind.DEFAULTED, "0"));
    }
}
