package io.ostflow.ingest.domain;

import java.util.SortedMap;

/**
 * The files of one case: its channel images by channel index and its label map.
 *
 * @param caseId case id
 * @param heldOut whether it is an evaluation case ({@code imagesTs}/{@code labelsTs})
 * @param channels image per channel index
 * @param label the label map, null for an unlabelled case of imagesTs
 */
public record CaseFiles(
        String caseId,
        boolean heldOut,
        SortedMap<Integer, LandingFile> channels,
        LandingFile label) {

    /** Whether the case has no label map (an imagesTs case to segment, not to evaluate on). */
    public boolean isUnlabelled() {
        return label == null;
    }
}
