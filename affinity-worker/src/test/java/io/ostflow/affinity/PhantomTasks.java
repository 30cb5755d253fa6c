package io.ostflow.affinity;

import io.ostflow.affinity.math.SparseMask;
import io.ostflow.affinity.service.FeatureSource;
import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.features.FeatureCodec;
import io.ostflow.common.features.ImageFeature;
import io.ostflow.common.features.LabelFeature;
import io.ostflow.common.fingerprint.Fingerprinter;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.nifti.NiftiDatatype;
import io.ostflow.nifti.NiftiHeader;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.Voxels;
import io.ostflow.phantom.PhantomCase;
import io.ostflow.phantom.PhantomGenerator;
import io.ostflow.phantom.PhantomSpec;
import io.ostflow.phantom.SiteProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the ingest-worker produces for phantom sites, made with the same code it uses (phantom
 * generator, Fingerprinter, FeatureCodec, ObjectKeys): tasks, and feature files by key.
 */
public final class PhantomTasks {
    public static final String[] MODALITIES = {"T1", "T1ce", "T2", "FLAIR"};
    public static final String[] OBJECTIVES = {"NCR", "ED", "ET"};
    public static final int[] SHAPE = {16, 16, 12};
    public static final int GRID = 12;

    public final Map<String, byte[]> files = new HashMap<>();
    public final Map<String, PhantomCase> volumes = new HashMap<>();
    private final Fingerprinter fingerprinter = new Fingerprinter(GRID, 0.75);

    /** The 12 tasks of one generated site, with its features stored in {@link #files}. */
    public List<TaskRegistered> site(String site, Role role, int cases, long seed) {
        PhantomGenerator generator =
                new PhantomGenerator(new PhantomSpec(1, 0, cases, 1, 0, SHAPE, seed));
        SiteProfile profile = generator.sites().get(0);
        String version = "v" + seed;
        List<String> caseIds = new ArrayList<>();
        for (int k = 0; k < cases; k++) {
            String caseId = PhantomGenerator.caseId(k);
            caseIds.add(caseId);
            PhantomCase phantom = generator.generate(profile, caseId);
            volumes.put(site + "/" + caseId, phantom);
            NiftiImage label =
                    new NiftiImage(header(NiftiDatatype.UINT8), Voxels.ofUint8(phantom.labels()));
            for (int c = 0; c < MODALITIES.length; c++) {
                NiftiImage image =
                        new NiftiImage(
                                header(NiftiDatatype.FLOAT32),
                                Voxels.ofFloat32(phantom.channels()[c]));
                ImageFeature f = fingerprinter.image("k", "e", image, new int[6]);
                files.put(
                        ObjectKeys.imageFeature(site, version, MODALITIES[c], caseId),
                        FeatureCodec.encode(f));
            }
            for (int o = 0; o < OBJECTIVES.length; o++) {
                LabelFeature f = fingerprinter.label("k", "e", label, o + 1);
                files.put(
                        ObjectKeys.labelFeature(site, version, OBJECTIVES[o], caseId),
                        FeatureCodec.encode(f));
            }
        }
        List<TaskRegistered> tasks = new ArrayList<>();
        for (String modality : MODALITIES) {
            for (int o = 0; o < OBJECTIVES.length; o++) {
                String objective = OBJECTIVES[o];
                tasks.add(
                        new TaskRegistered(
                                new TaskId(site, modality, objective),
                                role,
                                cases,
                                version,
                                o + 1,
                                caseIds,
                                List.of(),
                                caseIds.stream()
                                        .map(
                                                c ->
                                                        ObjectKeys.imageFeature(
                                                                site, version, modality, c))
                                        .toList(),
                                caseIds.stream()
                                        .map(
                                                c ->
                                                        ObjectKeys.labelFeature(
                                                                site, version, objective, c))
                                        .toList()));
            }
        }
        return tasks;
    }

    /** An in-memory feature source over {@link #files}; counts reads. */
    public FeatureSource source(AtomicInteger reads) {
        return new FeatureSource() {
            @Override
            public double[] imageScores(String key) {
                reads.incrementAndGet();
                return FeatureCodec.decodeImage(file(key)).sortedScores();
            }

            @Override
            public SparseMask mask(String key) {
                reads.incrementAndGet();
                return SparseMask.of(FeatureCodec.decodeLabel(file(key)));
            }

            private byte[] file(String key) {
                byte[] bytes = files.get(key);
                if (bytes == null) {
                    throw new FeatureUnavailableException(
                            "FEATURES_MISSING", "no feature " + key, null);
                }
                return bytes;
            }
        };
    }

    public Fingerprinter fingerprinter() {
        return fingerprinter;
    }

    public static NiftiHeader header(NiftiDatatype type) {
        return NiftiHeader.builder().dims(SHAPE).datatype(type).build();
    }
}
