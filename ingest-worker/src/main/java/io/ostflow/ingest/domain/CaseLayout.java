package io.ostflow.ingest.domain;

import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.events.Problem;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks of a drop's files against its dataset.json: each file sorted into its case, channel
 * and area (imagesTr/labelsTr/imagesTs/labelsTs) within the size limit, every case complete, and
 * the counts the descriptor declares.
 */
final class CaseLayout {
    private final long maxObjectBytes;

    CaseLayout(long maxObjectBytes) {
        this.maxObjectBytes = maxObjectBytes;
    }

    void classify(
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

    static List<CaseFiles> cases(
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

    static void checkCount(
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
