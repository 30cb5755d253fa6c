package io.ostflow.ingest.domain;

import io.ostflow.common.Json;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.dataset.LabelValues;
import io.ostflow.common.dataset.TaskNames;
import io.ostflow.common.events.Problem;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The checks of a drop's dataset.json: it parses, its channels are numbered modality names, its
 * labels have a background and distinct foreground names and values, its fields agree with the
 * folder. Each rule adds its problems with its own reason code, so one rejection lists them all.
 */
final class DescriptorChecks {
    /** The largest dataset.json read: a descriptor is a few hundred bytes. */
    static final long MAX_DESCRIPTOR_BYTES = 1 << 20;

    /** The most channels a drop may declare (BraTS has 4, MSD's tasks at most 4). */
    static final int MAX_CHANNELS = 16;

    /** The most foreground labels a drop may declare (each becomes a task per channel). */
    static final int MAX_LABELS = 64;

    private DescriptorChecks() {}

    static DatasetDescriptor parse(String key, byte[] json, List<Problem> invalid) {
        if (json == null) {
            return null; // not read (too large): its problem is listed already
        }
        try {
            return Json.mapper().readValue(json, DatasetDescriptor.class);
        } catch (IOException | IllegalArgumentException e) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.MALFORMED_DATASET_JSON,
                            "dataset.json is not valid: " + Messages.firstLine(e.getMessage())));
            return null;
        }
    }

    /** Channels numbered 0..n-1, each a modality name, no two of one modality. */
    static void checkChannels(String key, DatasetDescriptor d, List<Problem> invalid) {
        if (d.channelNames().isEmpty()) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.MALFORMED_DATASET_JSON,
                            "channel_names is missing or empty"));
        }
        if (d.channelNames().size() > MAX_CHANNELS) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.MALFORMED_DATASET_JSON,
                            d.channelNames().size()
                                    + " channels declared; at most "
                                    + MAX_CHANNELS));
            return;
        }
        Map<String, Integer> channelOf = new TreeMap<>();
        for (int c = 0; c < d.channelNames().size(); c++) {
            String name = d.channelNames().get(String.valueOf(c));
            if (name == null) {
                invalid.add(
                        new Problem(
                                key,
                                Reasons.MALFORMED_DATASET_JSON,
                                "channel_names must number channels 0.."
                                        + (d.channelNames().size() - 1)));
                return;
            }
            Optional<String> modality = TaskNames.modality(name);
            if (modality.isEmpty()) {
                invalid.add(
                        new Problem(
                                key,
                                Reasons.INVALID_NAME,
                                "modality '" + name + "' has no ASCII letter or digit"));
                continue;
            }
            Integer other = channelOf.putIfAbsent(modality.get(), c);
            if (other != null) {
                invalid.add(
                        new Problem(
                                key,
                                Reasons.INVALID_NAME,
                                "channels "
                                        + other
                                        + " and "
                                        + c
                                        + " are both modality "
                                        + modality.get()
                                        + " (docs/ingest.md, modality names)"));
            }
        }
    }

    /** Background 0, foreground labels with positive values, distinct names and value sets. */
    static void checkLabels(String key, DatasetDescriptor d, List<Problem> invalid) {
        if (!LabelValues.of(0).equals(d.labels().get(DatasetDescriptor.BACKGROUND))) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.MALFORMED_DATASET_JSON,
                            "labels must map \"background\" to 0"));
        }
        if (d.foregroundLabels().size() > MAX_LABELS) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.MALFORMED_DATASET_JSON,
                            d.foregroundLabels().size()
                                    + " foreground labels declared; at most "
                                    + MAX_LABELS));
            return;
        }
        if (d.foregroundLabels().isEmpty()) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.MALFORMED_DATASET_JSON,
                            "labels declare no foreground label"));
        }
        Map<String, String> labelOfObjective = new TreeMap<>();
        Map<LabelValues, String> labelOfValues = new HashMap<>();
        d.foregroundLabels()
                .forEach(
                        (name, values) -> {
                            checkLabelName(key, name, labelOfObjective, invalid);
                            checkLabelValues(key, name, values, labelOfValues, invalid);
                        });
    }

    private static void checkLabelName(
            String key, String name, Map<String, String> labelOfObjective, List<Problem> invalid) {
        Optional<String> objective = TaskNames.objective(name);
        if (objective.isEmpty()) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.INVALID_NAME,
                            "objective '" + name + "' has no ASCII letter or digit"));
            return;
        }
        String other = labelOfObjective.putIfAbsent(objective.get(), name);
        if (other != null) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.INVALID_NAME,
                            "labels '"
                                    + other
                                    + "' and '"
                                    + name
                                    + "' are both objective "
                                    + objective.get()));
        }
    }

    private static void checkLabelValues(
            String key,
            String name,
            LabelValues values,
            Map<LabelValues, String> labelOfValues,
            List<Problem> invalid) {
        if (values == null || values.values().stream().anyMatch(v -> v <= 0)) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.MALFORMED_DATASET_JSON,
                            "label '" + name + "' must have positive values, not " + values));
            return;
        }
        String other = labelOfValues.putIfAbsent(values, name);
        if (other != null) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.MALFORMED_DATASET_JSON,
                            "labels '"
                                    + other
                                    + "' and '"
                                    + name
                                    + "' have the same values "
                                    + values));
        }
    }

    static void checkFields(String site, String key, DatasetDescriptor d, List<Problem> invalid) {
        if (d.fileEnding() == null || d.fileEnding().isBlank()) {
            invalid.add(new Problem(key, Reasons.MALFORMED_DATASET_JSON, "file_ending is missing"));
        }
        if (d.numTraining() < 1) {
            invalid.add(
                    new Problem(key, Reasons.MALFORMED_DATASET_JSON, "numTraining must be >= 1"));
        }
        if (d.ostflow() == null || d.ostflow().role() == null) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.MALFORMED_DATASET_JSON,
                            "ostflow.role (source or target) is missing"));
        } else if (d.ostflow().site() != null && !d.ostflow().site().equals(site)) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.INVALID_NAME,
                            "ostflow.site '"
                                    + d.ostflow().site()
                                    + "' differs from the folder '"
                                    + site
                                    + "'"));
        }
    }
}
