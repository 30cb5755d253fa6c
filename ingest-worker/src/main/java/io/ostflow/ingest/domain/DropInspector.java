package io.ostflow.ingest.domain;

import io.ostflow.common.Json;
import io.ostflow.common.TaskId;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.events.Problem;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore.StoredObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks the structure of a drop from its listing and dataset.json alone: layout, names, counts,
 * that every case has every channel and a label map, and sizes. Framework-free.
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
        String version = DatasetVersion.of(site, objects);
        List<Problem> invalid = new ArrayList<>();
        List<Problem> incomplete = new ArrayList<>();
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
                    site, version, null, List.of(), List.of(), invalid, incomplete);
        }
        checkDescriptor(site, descriptorKey, descriptor, invalid);
        Map<String, TreeMap<Integer, LandingFile>> images = new TreeMap<>();
        Map<String, LandingFile> labels = new TreeMap<>();
        for (StoredObject object : objects) {
            classify(site, object, descriptor, images, labels, invalid);
        }
        List<CaseFiles> training =
                cases(site, false, descriptor, images, labels, invalid, incomplete);
        List<CaseFiles> heldOut =
                cases(site, true, descriptor, images, labels, invalid, incomplete);
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
        return new DropStructure(site, version, descriptor, training, heldOut, invalid, incomplete);
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

    private static void checkDescriptor(
            String site, String key, DatasetDescriptor d, List<Problem> invalid) {
        if (d.channelNames().isEmpty()) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.MALFORMED_DATASET_JSON,
                            "channel_names is missing or empty"));
        }
        for (int c = 0; c < d.channelNames().size(); c++) {
            String name = d.channelNames().get(String.valueOf(c));
            if (name == null) {
                invalid.add(
                        new Problem(
                                key,
                                Reasons.MALFORMED_DATASET_JSON,
                                "channel_names must number channels 0.."
                                        + (d.channelNames().size() - 1)));
                break;
            }
            if (!TaskId.isValidWord(name)) {
                invalid.add(
                        new Problem(
                                key,
                                Reasons.INVALID_NAME,
                                "modality '" + name + "' must match [A-Za-z0-9]+"));
            }
        }
        if (!Integer.valueOf(0).equals(d.labels().get(DatasetDescriptor.BACKGROUND))) {
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
        d.foregroundLabels()
                .forEach(
                        (name, value) -> {
                            if (!TaskId.isValidWord(name)) {
                                invalid.add(
                                        new Problem(
                                                key,
                                                Reasons.INVALID_NAME,
                                                "objective '"
                                                        + name
                                                        + "' must match [A-Za-z0-9]+"));
                            }
                            if (value == null || value <= 0) {
                                invalid.add(
                                        new Problem(
                                                key,
                                                Reasons.MALFORMED_DATASET_JSON,
                                                "label " + name + " must have a positive value"));
                            }
                        });
        if (d.foregroundLabels().values().stream().distinct().count()
                != d.foregroundLabels().size()) {
            invalid.add(
                    new Problem(
                            key, Reasons.MALFORMED_DATASET_JSON, "label values must be distinct"));
        }
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
        Optional<String> unsafe = ObjectKeys.unsafeReason(object.key());
        if (unsafe.isPresent()) {
            invalid.add(new Problem(object.key(), Reasons.UNSAFE_KEY, unsafe.get()));
            return;
        }
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
            case DATASET_JSON -> {}
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
            List<Problem> invalid,
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
            if (label == null) {
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
