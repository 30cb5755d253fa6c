package io.ostflow.trainer.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ostflow.trainer.augment.Augmentation;
import io.ostflow.trainer.config.TrainerConfig;
import io.ostflow.trainer.model.FineTuning;
import io.ostflow.trainer.model.OptimizerKind;
import io.ostflow.trainer.model.TrainingSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The recipe's settings do what docs/configuration.md says: the documented profile values are the
 * code's, and every documented key overrides its field.
 */
class RecipeSettingsTest {
    private static final Pattern ROW =
            Pattern.compile("^\\| `([a-z-]+)` \\| `([A-Z_]+)` \\| `([^`]+)` \\| `([^`]+)` \\|");

    private static final Pattern FINE_TUNING_ROW =
            Pattern.compile("^\\| `([a-z-]+)` \\| `[A-Z_]+` \\| `([^`]+)` \\|");

    private static final Pattern AUGMENTATION_ROW =
            Pattern.compile("^\\| `([a-z-]+)` \\| `[A-Z_]+` \\| `([^`]+)` \\| `([^`]+)` \\|");

    private static TrainerConfig.Trainer trainer(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.putIfAbsent("ostflow.s3.endpoint", "http://127.0.0.1:1");
        all.putIfAbsent("ostflow.s3.access-key", "a");
        all.putIfAbsent("ostflow.s3.secret-key", "b");
        SmallRyeConfig config =
                new SmallRyeConfigBuilder()
                        .withMapping(TrainerConfig.class)
                        // Quarkus's own converter for "3s"-style durations
                        .withConverter(Duration.class, 100, new DurationConverter())
                        .withSources(new PropertiesConfigSource(all, "test", 500))
                        .build();
        return config.getConfigMapping(TrainerConfig.class).trainer();
    }

    /** Rows of the recipe table: key to {default, quick}. */
    private static Map<String, String[]> documentedProfiles() throws IOException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("../docs/configuration.md"))) {
            inTable =
                    line.startsWith("| property (`ostflow.trainer.` ...)")
                            || (inTable && line.startsWith("|"));
            Matcher m = ROW.matcher(line);
            if (inTable && m.find()) {
                rows.put(m.group(1), new String[] {m.group(3), m.group(4)});
            }
        }
        return rows;
    }

    @Test
    void theDocumentedProfilesAreTheCodes() throws IOException {
        Map<String, String[]> documented = documentedProfiles();
        // target-steps is documented as "as `pretrain-steps`" in both profiles, checked below
        assertThat(documented).hasSize(16);
        assertThat(TrainingSettings.defaults().targetStageSteps())
                .isEqualTo(TrainingSettings.defaults().pretrainSteps());
        assertThat(TrainingSettings.quick().targetStageSteps())
                .isEqualTo(TrainingSettings.quick().pretrainSteps());
        List<TrainingSettings> profiles =
                List.of(TrainingSettings.defaults(), TrainingSettings.quick());
        for (int p = 0; p < 2; p++) {
            Map<String, String> actual = values(profiles.get(p));
            for (Map.Entry<String, String[]> row : documented.entrySet()) {
                String doc = row.getValue()[p];
                assertThat(doc)
                        .as("%s in profile %d", row.getKey(), p)
                        .isEqualTo(actual.get(row.getKey()));
            }
        }
    }

    @Test
    void theDocumentedAugmentationColumnsAreTheDefaultRecipesAndNnUNets() throws IOException {
        Map<String, String[]> documented = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("../docs/configuration.md"))) {
            inTable =
                    line.startsWith("| property (`ostflow.trainer.augmentation.`")
                            || (inTable && line.startsWith("|"));
            Matcher m = AUGMENTATION_ROW.matcher(line);
            if (inTable && m.find()) {
                documented.put(m.group(1), new String[] {m.group(2), m.group(3)});
            }
        }
        List<Augmentation> columns =
                List.of(TrainingSettings.defaults().augmentation(), Augmentation.nnUNet(2));
        assertThat(documented).hasSize(9);
        for (int c = 0; c < 2; c++) {
            Map<String, String> actual = values(columns.get(c));
            for (Map.Entry<String, String[]> row : documented.entrySet()) {
                assertThat(row.getValue()[c])
                        .as("%s in column %d", row.getKey(), c)
                        .isEqualTo(actual.get(row.getKey()));
            }
        }
    }

    private static Map<String, String> values(Augmentation a) {
        return Map.of(
                "mirror", stripped(a.mirror()),
                "rotation", stripped(a.rotation()),
                "max-degrees", stripped(a.maxDegrees()),
                "scaling", stripped(a.scaling()),
                "noise", stripped(a.noise()),
                "blur", stripped(a.blur()),
                "brightness", stripped(a.brightness()),
                "contrast", stripped(a.contrast()),
                "gamma", stripped(a.gamma()));
    }

    private static Map<String, String> values(TrainingSettings s) {
        Map<String, String> v = new HashMap<>();
        v.put(
                "patch-size",
                String.join(",", Arrays.stream(s.patch()).mapToObj(Integer::toString).toList()));
        v.put("levels", Integer.toString(s.levels()));
        v.put("base-channels", Integer.toString(s.baseChannels()));
        v.put("deep-supervision", Boolean.toString(s.deepSupervision()));
        v.put("batch-size", Integer.toString(s.batchSize()));
        v.put("optimizer", s.optimizer().wireName());
        v.put("learning-rate", stripped(s.learningRate()));
        v.put("pretrain-steps", Integer.toString(s.pretrainSteps()));
        v.put("finetune-steps", Integer.toString(s.finetuneSteps()));
        v.put("foreground-fraction", stripped(s.foregroundFraction()));
        v.put("report-every", Integer.toString(s.reportEvery()));
        v.put("validation-cases", Integer.toString(s.validationCases()));
        v.put("target-validation-cases", Integer.toString(s.targetValidationCases()));
        v.put("overlap", stripped(s.overlap()));
        v.put("mirror-at-test", Boolean.toString(s.mirrorAtTest()));
        v.put("seed", Long.toString(s.seed()));
        return v;
    }

    private static String stripped(double value) {
        return new BigDecimal(Float.toString((float) value)).stripTrailingZeros().toPlainString();
    }

    @Test
    void unsetKeysTakeTheProfileAndSetKeysOverrideIt() {
        assertThat(TrainerBeans.settings(trainer(Map.of()))).isEqualTo(TrainingSettings.defaults());
        assertThat(TrainerBeans.settings(trainer(Map.of("ostflow.trainer.profile", "quick"))))
                .isEqualTo(TrainingSettings.quick());
        TrainingSettings s =
                TrainerBeans.settings(
                        trainer(
                                Map.ofEntries(
                                        Map.entry("ostflow.trainer.profile", "quick"),
                                        Map.entry("ostflow.trainer.patch-size", "32,16"),
                                        Map.entry("ostflow.trainer.levels", "3"),
                                        Map.entry("ostflow.trainer.optimizer", "sgd-nesterov"),
                                        Map.entry("ostflow.trainer.learning-rate", "0.01"),
                                        Map.entry("ostflow.trainer.pretrain-steps", "7"),
                                        Map.entry("ostflow.trainer.mirror-at-test", "true"),
                                        Map.entry("ostflow.trainer.augmentation.gamma", "0"))));
        assertThat(s.patch()).containsExactly(32, 16);
        assertThat(s.levels()).isEqualTo(3);
        assertThat(s.optimizer()).isEqualTo(OptimizerKind.SGD_NESTEROV);
        assertThat(s.learningRate()).isEqualTo(0.01f);
        assertThat(s.pretrainSteps()).isEqualTo(7);
        assertThat(s.finetuneSteps()).isEqualTo(TrainingSettings.quick().finetuneSteps());
        assertThat(s.mirrorAtTest()).isTrue();
        assertThat(s.augmentation().gamma()).isZero();
        assertThat(s.augmentation().mirror()).isEqualTo(0.5);
    }

    @Test
    void theFineTuningKeysAndTheTargetsStepsOverrideTheProfile() throws IOException {
        TrainingSettings s =
                TrainerBeans.settings(
                        trainer(
                                Map.ofEntries(
                                        Map.entry("ostflow.trainer.profile", "quick"),
                                        Map.entry("ostflow.trainer.target-steps", "90"),
                                        Map.entry("ostflow.trainer.target-validation-cases", "2"),
                                        Map.entry(
                                                "ostflow.trainer.fine-tuning.scope",
                                                "whole-network"),
                                        Map.entry("ostflow.trainer.fine-tuning.rate-factor", "0.5"),
                                        Map.entry("ostflow.trainer.fine-tuning.warmup-steps", "10"),
                                        Map.entry(
                                                "ostflow.trainer.fine-tuning.new-head",
                                                "objective-change"))));
        assertThat(s.targetStageSteps()).isEqualTo(90);
        assertThat(s.targetValidationCases()).isEqualTo(2);
        assertThat(s.fineTuning())
                .isEqualTo(
                        new FineTuning(
                                FineTuning.Scope.WHOLE_NETWORK,
                                0.5f,
                                10,
                                FineTuning.HeadRule.OBJECTIVE_CHANGE));
        assertThat(TrainerBeans.settings(trainer(Map.of())).fineTuning())
                .as("the measured defaults")
                .isEqualTo(FineTuning.defaults());
        assertThatThrownBy(
                        () ->
                                TrainerBeans.settings(
                                        trainer(
                                                Map.of(
                                                        "ostflow.trainer.fine-tuning.new-head",
                                                        "true"))))
                .hasMessageContaining("keep, objective-change or target");
        assertThatThrownBy(
                        () ->
                                TrainerBeans.settings(
                                        trainer(
                                                Map.of(
                                                        "ostflow.trainer.fine-tuning.scope",
                                                        "encoder"))))
                .hasMessageContaining("decoder or whole-network");
        // the documented defaults of the fine-tuning table are FineTuning.defaults()
        Map<String, String> documented = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("../docs/configuration.md"))) {
            inTable =
                    line.startsWith("| property (`ostflow.trainer.fine-tuning.`")
                            || (inTable && line.startsWith("|"));
            Matcher m = FINE_TUNING_ROW.matcher(line);
            if (inTable && m.find()) {
                documented.put(m.group(1), m.group(2));
            }
        }
        FineTuning paper = FineTuning.defaults();
        assertThat(documented)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "scope", paper.scope().wire(),
                                "rate-factor", stripped(paper.rateFactor()),
                                "warmup-steps", Integer.toString(paper.warmupSteps()),
                                "new-head", paper.head().wire()));
    }

    @Test
    void threeDimensionalModeSwitchesTheProfilesPatchAndBatch() {
        TrainingSettings s = TrainerBeans.settings(trainer(Map.of("ostflow.trainer.mode", "3d")));
        assertThat(s.dimensions()).isEqualTo(3);
        assertThat(s.patch()).containsExactly(48, 48, 32);
        assertThat(s.batchSize()).isEqualTo(2);
        assertThat(s.augmentation().maxDegrees()).isEqualTo(30);
    }

    @Test
    void badValuesAreRefusedWithTheirReason() {
        assertThatThrownBy(
                        () ->
                                TrainerBeans.settings(
                                        trainer(Map.of("ostflow.trainer.profile", "fast"))))
                .hasMessageContaining("default or quick");
        assertThatThrownBy(
                        () ->
                                TrainerBeans.settings(
                                        trainer(Map.of("ostflow.trainer.patch-size", "60,64"))))
                .hasMessageContaining("divisible by 2^(levels-1) = 8");
        assertThatThrownBy(
                        () ->
                                TrainerBeans.settings(
                                        trainer(
                                                Map.of(
                                                        "ostflow.trainer.mode",
                                                        "3d",
                                                        "ostflow.trainer.patch-size",
                                                        "64,64"))))
                .hasMessageContaining("3 patch sizes");
        assertThatThrownBy(
                        () ->
                                TrainerBeans.settings(
                                        trainer(Map.of("ostflow.trainer.optimizer", "rmsprop"))))
                .hasMessageContaining("adam or sgd-nesterov");
    }
}
