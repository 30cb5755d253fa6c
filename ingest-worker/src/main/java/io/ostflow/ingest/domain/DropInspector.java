package io.ostflow.ingest.domain;

import io.ostflow.common.TaskId;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.events.Problem;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Checks the structure of a drop from its listing and dataset.json alone: layout, names, counts,
 * that every case has every channel and (except in imagesTs) a label map, and sizes; sorts out the
 * files that are not part of the dataset as warnings. Framework-free.
 *
 * <p>The rules live by kind: {@link DescriptorChecks} (dataset.json), {@link CaseLayout} (the files
 * against it); each adds its problems with its own reason code, so a rejection lists every problem
 * of a drop at once.
 */
public final class DropInspector {
    private final CaseLayout layout;

    /**
     * @param maxObjectBytes largest accepted object (compressed size as stored)
     */
    public DropInspector(long maxObjectBytes) {
        this.layout = new CaseLayout(maxObjectBytes);
    }

    /**
     * @param site the site folder
     * @param objects every object under {@code site/}
     * @param datasetJson the bytes of {@code site/dataset.json}
     */
    public DropStructure inspect(String site, List<StoredObject> objects, byte[] datasetJson) {
        return inspect(site, objects, datasetJson, new ArrayList<>());
    }

    /**
     * The drop's structure, reading {@code site/dataset.json} through {@code read} only when its
     * listed size is within {@value DescriptorChecks#MAX_DESCRIPTOR_BYTES} bytes: a larger one is
     * rejected as {@code TOO_LARGE} without being read.
     */
    public DropStructure inspect(
            String site, List<StoredObject> objects, Function<String, byte[]> read) {
        String key = ObjectKeys.datasetJson(site);
        List<Problem> invalid = new ArrayList<>();
        long size =
                objects.stream()
                        .filter(o -> o.key().equals(key))
                        .mapToLong(o -> o.size())
                        .max()
                        .orElse(0);
        if (size > DescriptorChecks.MAX_DESCRIPTOR_BYTES) {
            invalid.add(
                    new Problem(
                            key,
                            Reasons.TOO_LARGE,
                            "dataset.json has "
                                    + size
                                    + " bytes; at most "
                                    + DescriptorChecks.MAX_DESCRIPTOR_BYTES
                                    + " are read"));
            return inspect(site, objects, null, invalid);
        }
        return inspect(site, objects, read.apply(key), invalid);
    }

    private DropStructure inspect(
            String site, List<StoredObject> objects, byte[] datasetJson, List<Problem> invalid) {
        List<Problem> incomplete = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        List<StoredObject> data = new ArrayList<>();
        for (StoredObject object : objects) {
            Optional<String> unsafe = ObjectKeys.unsafeReason(object.key());
            if (unsafe.isPresent()) {
                invalid.add(new Problem(object.key(), Reasons.UNSAFE_KEY, unsafe.get()));
            } else if (LandingFile.isIgnored(site, object.key())) {
                if (!LandingFile.isProvenance(site, object.key())) {
                    warnings.add(ignored(object.key()));
                }
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
        DatasetDescriptor descriptor = DescriptorChecks.parse(descriptorKey, datasetJson, invalid);
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
                    warnings,
                    descriptorEtag(objects, descriptorKey));
        }
        DescriptorChecks.checkChannels(descriptorKey, descriptor, invalid);
        DescriptorChecks.checkLabels(descriptorKey, descriptor, invalid);
        DescriptorChecks.checkFields(site, descriptorKey, descriptor, invalid);
        Map<String, TreeMap<Integer, LandingFile>> images = new TreeMap<>();
        Map<String, LandingFile> labels = new TreeMap<>();
        for (StoredObject object : data) {
            layout.classify(site, object, descriptor, images, labels, invalid);
        }
        List<CaseFiles> training =
                CaseLayout.cases(site, false, descriptor, images, labels, incomplete);
        List<CaseFiles> testCases =
                CaseLayout.cases(site, true, descriptor, images, labels, incomplete);
        List<CaseFiles> heldOut = testCases.stream().filter(c -> !c.isUnlabelled()).toList();
        List<CaseFiles> unlabelled = testCases.stream().filter(CaseFiles::isUnlabelled).toList();
        CaseLayout.checkCount(
                descriptorKey,
                "numTraining",
                descriptor.numTraining(),
                training.size(),
                invalid,
                incomplete);
        int numTest = descriptor.ostflow() == null ? 0 : descriptor.ostflow().numTest();
        if (numTest > 0 || !heldOut.isEmpty()) {
            CaseLayout.checkCount(
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
                warnings,
                descriptorEtag(objects, descriptorKey));
    }

    private static String descriptorEtag(List<StoredObject> objects, String key) {
        return objects.stream()
                .filter(o -> o.key().equals(key))
                .map(StoredObject::etag)
                .findFirst()
                .orElse(null);
    }

    private static Problem ignored(String key) {
        return new Problem(
                key,
                Reasons.IGNORED_FILE,
                "not part of the dataset (only dataset.json and the imagesTr/, labelsTr/,"
                        + " imagesTs/, labelsTs/ folders are read); ignored");
    }
}
