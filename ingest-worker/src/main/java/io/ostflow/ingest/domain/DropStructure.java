package io.ostflow.ingest.domain;

import io.ostflow.common.Role;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.events.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * What the listing of a site folder says about a drop, before any volume is read.
 *
 * @param site the site
 * @param version content hash of the listing
 * @param descriptor parsed dataset.json (null if it could not be parsed)
 * @param training complete-looking training cases, by case id order
 * @param heldOut complete-looking evaluation cases (images and label map in imagesTs/labelsTs)
 * @param unlabelled complete-looking cases in imagesTs without a label map
 * @param invalid problems no waiting can fix (reject at once)
 * @param incomplete problems that more uploads could still fix (wait, then reject)
 * @param warnings files that were ignored as not part of the dataset
 * @param descriptorEtag the ETag of dataset.json as listed (null when it was not listed)
 */
public record DropStructure(
        String site,
        String version,
        DatasetDescriptor descriptor,
        List<CaseFiles> training,
        List<CaseFiles> heldOut,
        List<CaseFiles> unlabelled,
        List<Problem> invalid,
        List<Problem> incomplete,
        List<Problem> warnings,
        String descriptorEtag) {

    public boolean isReady() {
        return invalid.isEmpty() && incomplete.isEmpty();
    }

    public Role role() {
        return descriptor.ostflow().role();
    }

    /** Every case whose volumes are read: training, held-out, then unlabelled. */
    public List<CaseFiles> allCases() {
        List<CaseFiles> all = new ArrayList<>(training);
        all.addAll(heldOut);
        all.addAll(unlabelled);
        return all;
    }

    /** Every problem, the definite ones first. */
    public List<Problem> allProblems() {
        List<Problem> all = new ArrayList<>(invalid);
        all.addAll(incomplete);
        return all;
    }
}
