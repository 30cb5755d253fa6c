package io.ostflow.ingest.domain;

import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.dataset.LabelValues;
import io.ostflow.common.dataset.TaskNames;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.storage.ObjectKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A valid drop split into binary tasks {@code SITE-MODALITY-OBJECTIVE} (docs/algorithm.md, tasks):
 * one per channel x foreground label, with the keys of the features they are read from.
 */
public final class TaskSplit {
    private TaskSplit() {}

    /** One task per channel x foreground label, named by their safe forms (TaskNames). */
    public static List<TaskRegistered> of(DropStructure structure) {
        DatasetDescriptor d = structure.descriptor();
        List<String> caseIds = structure.training().stream().map(CaseFiles::caseId).toList();
        List<String> evaluation = structure.heldOut().stream().map(CaseFiles::caseId).toList();
        List<String> unlabelled = structure.unlabelled().stream().map(CaseFiles::caseId).toList();
        List<TaskRegistered> tasks = new ArrayList<>();
        for (int c = 0; c < d.channelNames().size(); c++) {
            String channelName = d.channelNames().get(String.valueOf(c));
            String modality = TaskNames.modality(channelName).orElseThrow();
            for (Map.Entry<String, LabelValues> label : d.foregroundLabels().entrySet()) {
                String objective = TaskNames.objective(label.getKey()).orElseThrow();
                TaskId id = new TaskId(structure.site(), modality, objective);
                List<String> imageKeys =
                        caseIds.stream()
                                .map(
                                        k ->
                                                ObjectKeys.imageFeature(
                                                        structure.site(),
                                                        structure.version(),
                                                        modality,
                                                        k))
                                .toList();
                List<String> labelKeys =
                        caseIds.stream()
                                .map(
                                        k ->
                                                ObjectKeys.labelFeature(
                                                        structure.site(),
                                                        structure.version(),
                                                        objective,
                                                        k))
                                .toList();
                Role role = structure.role();
                tasks.add(
                        new TaskRegistered(
                                id,
                                role,
                                caseIds.size(),
                                structure.version(),
                                label.getValue().values(),
                                caseIds,
                                evaluation,
                                unlabelled,
                                imageKeys,
                                labelKeys,
                                channelName,
                                label.getKey(),
                                landingEtags(structure, c)));
            }
        }
        return tasks;
    }

    /**
     * The ETag of every landing object a task of channel {@code channel} is read from:
     * dataset.json, and each case's image in that channel and its label map.
     */
    static Map<String, String> landingEtags(DropStructure structure, int channel) {
        Map<String, String> etags = new TreeMap<>();
        if (structure.descriptorEtag() != null) {
            etags.put(ObjectKeys.datasetJson(structure.site()), structure.descriptorEtag());
        }
        for (CaseFiles c : structure.allCases()) {
            LandingFile image = c.channels().get(channel);
            if (image != null) {
                etags.put(image.key(), image.etag());
            }
            if (c.label() != null) {
                etags.put(c.label().key(), c.label().etag());
            }
        }
        return etags;
    }
}
