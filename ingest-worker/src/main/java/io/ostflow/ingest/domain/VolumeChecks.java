package io.ostflow.ingest.domain;

import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.events.Problem;
import io.ostflow.nifti.NiftiGeometry;
import io.ostflow.nifti.NiftiImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of one case's decoded volumes (docs/ingest.md): one 3-D shape for every channel and
 * the label map, one geometry within the tolerance (nnU-Net's check), and only declared label
 * values. Framework-free.
 */
public final class VolumeChecks {
    private final double geometryTolerance;

    /**
     * @param geometryTolerance relative tolerance of spacing, origin and direction agreement
     */
    public VolumeChecks(double geometryTolerance) {
        this.geometryTolerance = geometryTolerance;
    }

    /** Shapes, then (when they agree) geometry, then label values; problems in that order. */
    public void check(
            CaseFiles files,
            List<NiftiImage> channels,
            NiftiImage label,
            DatasetDescriptor descriptor,
            List<Problem> problems) {
        checkShapes(files, channels, label, problems);
        if (problems.isEmpty()) {
            checkGeometry(files, channels, label, problems);
        }
        if (label != null) {
            checkLabelValues(files.label(), label, descriptor, problems);
        }
    }

    /** Every channel has the shape of the label map (of channel 0 in an unlabelled case). */
    private static void checkShapes(
            CaseFiles files, List<NiftiImage> channels, NiftiImage label, List<Problem> problems) {
        NiftiImage reference = label != null ? label : channels.get(0);
        String referenceKey =
                label != null
                        ? files.label().key()
                        : files.channels().values().iterator().next().key();
        String what = label != null ? "the label map" : "channel 0";
        long[] expected = spatial(reference);
        if (expected == null) {
            problems.add(
                    new Problem(
                            referenceKey,
                            Reasons.SHAPE_MISMATCH,
                            what
                                    + " is "
                                    + Arrays.toString(reference.header().dims())
                                    + "; a 3-D volume is required"));
            return;
        }
        int c = 0;
        for (LandingFile file : files.channels().values()) {
            long[] shape = spatial(channels.get(c++));
            if (!Arrays.equals(shape, expected)) {
                problems.add(
                        new Problem(
                                file.key(),
                                Reasons.SHAPE_MISMATCH,
                                "image is "
                                        + (shape == null ? "not 3-D" : Arrays.toString(shape))
                                        + " but "
                                        + what
                                        + " of case "
                                        + files.caseId()
                                        + " is "
                                        + Arrays.toString(expected)));
            }
        }
    }

    /** Every other channel and the label map lie where channel 0 lies (nnU-Net's check). */
    private void checkGeometry(
            CaseFiles files, List<NiftiImage> channels, NiftiImage label, List<Problem> problems) {
        List<LandingFile> keys = new ArrayList<>(files.channels().values());
        NiftiGeometry reference = NiftiGeometry.of(channels.get(0).header());
        List<NiftiImage> others = new ArrayList<>(channels.subList(1, channels.size()));
        List<LandingFile> otherKeys = new ArrayList<>(keys.subList(1, keys.size()));
        if (label != null) {
            others.add(label);
            otherKeys.add(files.label());
        }
        for (int i = 0; i < others.size(); i++) {
            List<String> differences =
                    NiftiGeometry.of(others.get(i).header())
                            .differences(reference, geometryTolerance);
            if (!differences.isEmpty()) {
                problems.add(
                        new Problem(
                                otherKeys.get(i).key(),
                                Reasons.GEOMETRY_MISMATCH,
                                "differs from channel 0 ("
                                        + keys.get(0).key()
                                        + ") of case "
                                        + files.caseId()
                                        + ": "
                                        + String.join("; ", differences)
                                        + " (this file vs channel 0)"));
            }
        }
    }

    /** x, y, z of a 3-D volume (trailing dimensions of size 1 allowed), else null. */
    private static long[] spatial(NiftiImage image) {
        long[] dims = image.header().dims();
        if (dims.length < 3) {
            return null;
        }
        for (int i = 3; i < dims.length; i++) {
            if (dims[i] != 1) {
                return null;
            }
        }
        return Arrays.copyOf(dims, 3);
    }

    private static void checkLabelValues(
            LandingFile file,
            NiftiImage label,
            DatasetDescriptor descriptor,
            List<Problem> problems) {
        Set<Integer> declared = descriptor.declaredValues();
        Set<Double> unknown = new TreeSet<>();
        int n = label.voxels().size();
        for (int i = 0; i < n && unknown.size() < 10; i++) {
            double v = label.scaled(i);
            if (v != Math.rint(v) || !declared.contains((int) v)) {
                unknown.add(v);
            }
        }
        if (!unknown.isEmpty()) {
            problems.add(
                    new Problem(
                            file.key(),
                            Reasons.UNKNOWN_LABEL_VALUE,
                            "label values "
                                    + unknown
                                    + " are not declared in dataset.json (declared: "
                                    + declared
                                    + ")"));
        }
    }
}
