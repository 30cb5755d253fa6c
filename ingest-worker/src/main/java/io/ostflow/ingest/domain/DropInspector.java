package io.ostflow.ingest.domain;

import io.ostflow.common.Json;
import io.ostflow.common.TaskId;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.dataset.LabelValues;
import io.ostflow.common.dataset.TaskNames;
import io.ostflow.common.events.Problem;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore.StoredObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks the structure of a drop from its listing and dataset.json alone: layout, names, counts,
 * that every case has every channel and (except in imagesTs) a label map, and sizes; sorts out the
 * files that are not part of the dataset as warnings. Framework-free.
 *
 * <p>About 300 lines: one short method per structural rule, each with its own reason code, so that
 * a rejection lists every problem of a drop at once.
 */
public final class DropInspector {
    private final long maxObjectBytes;

    /**
     * @param maxObjectBytes largest accepted object (compressed size as stored)
     */
    public DropInspector(long maxObjectBytes) {
        this.maxObjectBytes = maxObjectBytes;
    }

    /**
     * @param site the site folder
     * @param objects every object under {@code site/}
     * @param datasetJson the bytes of {@code site/dataset.json}
     */
    public DropStructure inspect(String site, List<StoredObject> objects, byte[] datasetJson) {
        List<Problem> invalid = new ArrayList<>();
        List<Problem> incomplete = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        List<StoredObject> data = new ArrayList<>();
        for (StoredObject object : objects) {
            Optional<String> unsafe = ObjectKeys.unsafeReason(object.key());
            if (unsafe.isPresent()) {
                invalid.add(new Problem(object.key(), Reasons.UNSAFE_KEY, unsafe.get()));
            } else if (LandingFile.isIgnored(site, object.key())) {
                warnings.add(ignored(object.key()));
            } else {
                data.add(object);
            }
        }
        String version = DatasetVersion.of(site, data);
        String descriptorKey = ObjectKeys.datasetJson(site);
        if (!TaskId.isValidSite(site)) {
            invalid.add(
                    new Problem(
                            descriptorKey,
                            Reasons.INVALID_NAME,
                            "site '" + site + "' must match [A-Za-z0-9_]+"));
        }
        DatasetDescriptor descriptor = parse(descriptorKey, datasetJson, invalid);
        if (descriptor == null) {
            return new DropStructure(
                    site,
                    version,
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    invalid,
                    incomplete,
                    warnings);
        }
        checkChannels(descriptorKey, descriptor, invalid);
        checkLabels(descriptorKey, descriptor, invalid);
        checkFields(site, descriptorKey, descriptor, invalid);
        Map<String, TreeMap<Integer, LandingFile>> images = new TreeMap<>();
        Map<String, LandingFile> labels = new TreeMap<>();
        for (StoredObject object : data) {
            classify(site, object, descriptor, images, labels, invalid);
        }
        List<CaseFiles> training = cases(site, false, descriptor, images, labels, incomplete);
        List<CaseFiles> testCases = cases(site, true, descriptor, images, labels, incomplete);
        List<CaseFiles> heldOut = testCases.stream().filter(c -> !c.isUnlabelled()).toList();
        List<CaseFiles> unlabelled = testCases.stream().filter(CaseFiles::isUnlabelled).toList();
        checkCount(
                descriptorKey,
                "numTraining",
                descriptor.numTraining(),
                training.size(),
                invalid,
                incomplete);
        int numTest = descriptor.ostflow() == null ? 0 : descriptor.ostflow().numTest();
        if (numTest > 0 || !heldOut.isEmpty()) {
            checkCount(
                    descriptorKey, "ostflow.numTest", numTest, heldOut.size(), invalid, incomplete);
        }
        return new DropStructure(
                site,
                version,
                descriptor,
                training,
                heldOut,
                unlabelled,
                invalid,
                incomplete,
                warnings);
    }

    private static Problem ignored(String key) {
        return new Problem(
                key,
                Reasons.IGNORED_FILE,
                "not part of the dataset (only dataset.json and the imagesTr/, labelsTr/,"
                        + " imagesTs/, labelsTs/ folders are read); ignored");
    }

    private static DatasetDescriptor parse(String key, byte[] json, List<Problem> invalid) {
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
    private static void checkChannels(String key, DatasetDescriptor d, List<Problem> invalid) {
        if (d.channelNames().isEmpty()) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.MALFORMED_DATASET_JSON,
                            "channel_names is missing or empty"));
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
    private static void checkLabels(String key, DatasetDescriptor d, List<Problem> invalid) {
        if (!LabelValues.of(0).equals(d.labels().get(DatasetDescriptor.BACKGROUND))) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.MALFORMED_DATASET_JSON,
                            "labels must map \"background\" to 0"));
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

    private static void checkFields(
            String site, String key, DatasetDescriptor d, List<Problem> invalid) {
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

    private void classify(
            String site,
            StoredObject object,
            DatasetDescriptor descriptor,
            Map<String, TreeMap<Integer, LandingFile>> images,
            Map<String, LandingFile> labels,
            List<Problem> invalid) {
        LandingFile file =
                LandingFile.classify(
                        site, object.key(), object.etag(), object.size(), descriptor.fileEnding());
        if (object.size() > maxObjectBytes) {
            invalid.add(
                    new Problem(
                            object.key(),
                            Reasons.TOO_LARGE,
                            object.size() + " bytes, above the limit of " + maxObjectBytes));
        }
        switch (file.area()) {
            case DATASET_JSON, IGNORED -> {}
            case OTHER ->
                    invalid.add(
                            new Problem(
                                    object.key(),
                                    Reasons.UNEXPECTED_FILE,
                                    "not part of the nnU-Net layout (imagesTr/CASE_CCCC"
                                            + descriptor.fileEnding()
                                            + ", labelsTr/CASE"
                                            + descriptor.fileEnding()
                                            + ")"));
            case IMAGES_TR, IMAGES_TS -> {
                if (file.channel() >= descriptor.channelNames().size()) {
                    invalid.add(
                            new Problem(
                                    object.key(),
                                    Reasons.UNKNOWN_CHANNEL,
                                    "channel "
                                            + file.channel()
                                            + " is not declared in channel_names"));
                } else {
                    images.computeIfAbsent(caseKey(file), k -> new TreeMap<>())
                            .put(file.channel(), file);
                }
            }
            case LABELS_TR, LABELS_TS -> labels.put(caseKey(file), file);
        }
    }

    private static String caseKey(LandingFile file) {
        return (file.area().isHeldOut() ? "Ts/" : "Tr/") + file.caseId();
    }

    private static List<CaseFiles> cases(
            String site,
            boolean heldOut,
            DatasetDescriptor descriptor,
            Map<String, TreeMap<Integer, LandingFile>> images,
            Map<String, LandingFile> labels,
            List<Problem> incomplete) {
        String prefix = heldOut ? "Ts/" : "Tr/";
        TreeMap<String, Boolean> caseIds = new TreeMap<>();
        images.keySet().stream()
                .filter(k -> k.startsWith(prefix))
                .forEach(k -> caseIds.put(k.substring(3), true));
        labels.keySet().stream()
                .filter(k -> k.startsWith(prefix))
                .forEach(k -> caseIds.put(k.substring(3), true));
        List<CaseFiles> cases = new ArrayList<>();
        for (String caseId : caseIds.keySet()) {
            TreeMap<Integer, LandingFile> channels =
                    images.getOrDefault(prefix + caseId, new TreeMap<>());
            LandingFile label = labels.get(prefix + caseId);
            boolean complete = true;
            if (channels.isEmpty()) {
                incomplete.add(
                        new Problem(
                                label.key(),
                                Reasons.MISSING_IMAGES,
                                "label map of case " + caseId + " has no images"));
                continue;
            }
            for (int c = 0; c < descriptor.channelNames().size(); c++) {
                if (!channels.containsKey(c)) {
                    complete = false;
                    incomplete.add(
                            new Problem(
                                    ObjectKeys.image(
                                            site, heldOut, caseId, c, descriptor.fileEnding()),
                                    Reasons.MISSING_CHANNEL,
                                    "case "
                                            + caseId
                                            + " has no channel "
                                            + c
                                            + " ("
                                            + descriptor.channelNames().get(String.valueOf(c))
                                            + ")"));
                }
            }
            if (label == null && !heldOut) {
                complete = false;
                incomplete.add(
                        new Problem(
                                ObjectKeys.label(site, heldOut, caseId, descriptor.fileEnding()),
                                Reasons.MISSING_LABEL,
                                "case " + caseId + " has no label map"));
            }
            if (complete) {
                cases.add(new CaseFiles(caseId, heldOut, channels, label));
            }
        }
        return cases;
    }

    private static void checkCount(
            String key,
            String field,
            int declared,
            int found,
            List<Problem> invalid,
            List<Problem> incomplete) {
        if (declared == found) {
            return;
        }
        Problem problem =
                new Problem(
                        key,
                        Reasons.COUNT_MISMATCH,
                        field + " is " + declared + " but " + found + " complete cases were found");
        (found < declared ? incomplete : invalid).add(problem);
    }
}
