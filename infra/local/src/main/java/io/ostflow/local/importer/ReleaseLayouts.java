package io.ostflow.local.importer;

import io.ostflow.common.Json;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.nifti.AnalyzeWriter;
import io.ostflow.nifti.NiftiHeader;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import io.ostflow.nifti.NiftiWriter;
import io.ostflow.nifti.Voxels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Rewrites nnU-Net v2 site folders (the phantom's) in a public release's published layout, the
 * inverse of the importers, so that {@code ostflow import} and the whole path behind it run without
 * the real data: {@code fets2022} (subject folders {@code ID/ID_{t1,t1ce,t2,flair,seg}}, labels 1
 * NCR, 2 ED, 4 ET, and {@code partitioning_1.csv} with one partition per site), {@code wmh} (a
 * folder per site, {@code SUBJECT/pre/FLAIR.nii.gz} and {@code wmh.nii.gz}) and {@code msd} (one
 * {@code Task01_BrainTumour} of every glioma site: 4-D FLAIR, T1w, t1gd, T2w images and labels 1
 * edema, 2 non-enhancing, 3 enhancing, with a v1 dataset.json) and {@code iseg2019} (a folder per
 * infant-style site of Analyze 7.5 pairs {@code subject-N-T1}, {@code -T2} and {@code -label}, 10
 * CSF, 150 GM, 250 WM, written by {@link AnalyzeWriter}). A site whose channels or labels the
 * layout cannot hold (an infant-style site in fets2022) is skipped and said. Every case, training
 * and held-out, becomes a subject. O(voxels).
 */
public final class ReleaseLayouts {
    private static final List<String> GLIOMA_CHANNELS = List.of("T1", "T1ce", "T2", "FLAIR");
    private static final List<String> BRATS_SUFFIXES = List.of("t1", "t1ce", "t2", "flair");

    private final NiftiReader reader = new NiftiReader();

    /** The formats it writes. */
    public static final List<String> FORMATS = List.of("fets2022", "wmh", "msd", "iseg2019");

    /**
     * @param sites the nnU-Net site folders
     * @param out where the release goes
     * @return a line per site written or skipped
     */
    public List<String> write(String format, List<Path> sites, Path out) {
        List<String> said = new ArrayList<>();
        try {
            Files.createDirectories(out);
            switch (format) {
                case "fets2022" -> fets(sites, out, said);
                case "wmh" -> wmh(sites, out, said);
                case "msd" -> msd(sites, out, said);
                case "iseg2019" -> iseg(sites, out, said);
                default ->
                        throw new IllegalArgumentException(
                                "no layout " + format + "; one of " + FORMATS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + format + " release in " + out, e);
        }
        return said;
    }

    private void fets(List<Path> sites, Path out, List<String> said) throws IOException {
        Path release = Files.createDirectories(out.resolve("FeTS2022"));
        StringBuilder csv = new StringBuilder("Partition_ID,Subject_ID\n");
        for (Path site : sites) {
            DatasetDescriptor d = descriptor(site);
            if (!isGlioma(d)) {
                said.add("site " + site.getFileName() + " skipped: not T1/T1ce/T2/FLAIR");
                continue;
            }
            int partition = Integer.parseInt(site.getFileName().toString());
            for (String[] c : cases(site)) {
                String subject =
                        String.format("FeTS2022_%02d%s", partition, c[0].replace("case", ""));
                Path folder = Files.createDirectories(release.resolve(subject));
                for (int k = 0; k < 4; k++) {
                    Files.copy(
                            channel(site, c, d, GLIOMA_CHANNELS.get(k)),
                            folder.resolve(subject + "_" + BRATS_SUFFIXES.get(k) + ".nii.gz"));
                }
                int et = d.labels().get("ET").values().iterator().next();
                NiftiWriter.write(
                        relabel(label(site, c), Map.of(et, 4)),
                        folder.resolve(subject + "_seg.nii.gz"));
                csv.append(partition).append(',').append(subject).append('\n');
            }
            said.add("site " + site.getFileName() + " -> partition " + partition);
        }
        Files.writeString(out.resolve("partitioning_1.csv"), csv);
    }

    private void wmh(List<Path> sites, Path out, List<String> said) throws IOException {
        for (Path site : sites) {
            DatasetDescriptor d = descriptor(site);
            if (!d.channelNames().containsValue("FLAIR") || !d.labels().containsKey("WMH")) {
                said.add("site " + site.getFileName() + " skipped: no FLAIR channel and WMH label");
                continue;
            }
            Path folder = Files.createDirectories(out.resolve("site" + site.getFileName()));
            int wmh = d.labels().get("WMH").values().iterator().next();
            for (String[] c : cases(site)) {
                Path subject = Files.createDirectories(folder.resolve(c[0] + "/pre"));
                Files.copy(channel(site, c, d, "FLAIR"), subject.resolve("FLAIR.nii.gz"));
                NiftiImage label = label(site, c);
                NiftiWriter.write(
                        relabel(label, Map.of(wmh, 1)), subject.getParent().resolve("wmh.nii.gz"));
            }
            said.add("site " + site.getFileName() + " -> " + folder.getFileName());
        }
    }

    private void msd(List<Path> sites, Path out, List<String> said) throws IOException {
        Path task = out.resolve("Task01_BrainTumour");
        Files.createDirectories(task.resolve("imagesTr"));
        Files.createDirectories(task.resolve("labelsTr"));
        StringBuilder training = new StringBuilder();
        int n = 0;
        for (Path site : sites) {
            DatasetDescriptor d = descriptor(site);
            if (!isGlioma(d)) {
                said.add("site " + site.getFileName() + " skipped: not T1/T1ce/T2/FLAIR");
                continue;
            }
            for (String[] c : cases(site)) {
                String id = String.format("BRATS_%03d", ++n);
                NiftiWriter.write(
                        stack(site, c, d, List.of("FLAIR", "T1", "T1ce", "T2")),
                        task.resolve("imagesTr/" + id + ".nii.gz"));
                NiftiWriter.write(
                        relabel(
                                label(site, c),
                                Map.of(value(d, "ED"), 1, value(d, "NCR"), 2, value(d, "ET"), 3)),
                        task.resolve("labelsTr/" + id + ".nii.gz"));
                training.append(n == 1 ? "" : ",\n    ")
                        .append(
                                String.format(
                                        "{\"image\": \"./imagesTr/%s.nii.gz\", \"label\": \"./labelsTr/%s.nii.gz\"}",
                                        id, id));
            }
            said.add("site " + site.getFileName() + " -> Task01_BrainTumour");
        }
        Files.writeString(
                task.resolve("dataset.json"),
                "{\"name\": \"BRATS\", \"tensorImageSize\": \"4D\",\n"
                        + " \"modality\": {\"0\": \"FLAIR\", \"1\": \"T1w\", \"2\": \"t1gd\", \"3\": \"T2w\"},\n"
                        + " \"labels\": {\"0\": \"background\", \"1\": \"edema\", \"2\": \"non-enhancing tumor\", \"3\": \"enhancing tumour\"},\n"
                        + " \"numTraining\": "
                        + n
                        + ", \"numTest\": 0,\n \"training\": [\n    "
                        + training
                        + "],\n \"test\": []}\n");
    }

    private void iseg(List<Path> sites, Path out, List<String> said) throws IOException {
        for (Path site : sites) {
            DatasetDescriptor d = descriptor(site);
            if (!d.channelNames().values().containsAll(List.of("T1", "T2"))
                    || !d.labels().keySet().containsAll(List.of("CSF", "GM", "WM"))) {
                said.add("site " + site.getFileName() + " skipped: not T1/T2 with CSF, GM, WM");
                continue;
            }
            Path folder =
                    Files.createDirectories(
                            out.resolve("iSeg-2019-Training-" + site.getFileName()));
            int n = 0;
            for (String[] c : cases(site)) {
                String subject = folder.resolve("subject-" + ++n).toString();
                for (String channel : List.of("T1", "T2")) {
                    AnalyzeWriter.write(
                            reader.read(channel(site, c, d, channel)),
                            Path.of(subject + "-" + channel + ".hdr"));
                }
                Map<Integer, Integer> published =
                        Map.of(value(d, "CSF"), 10, value(d, "GM"), 150, value(d, "WM"), 250);
                AnalyzeWriter.write(
                        relabel(label(site, c), published), Path.of(subject + "-label.hdr"));
            }
            said.add("site " + site.getFileName() + " -> " + folder.getFileName());
        }
    }

    /** The channels named, in that order, as one 4-D image with the first one's geometry. */
    private NiftiImage stack(Path site, String[] c, DatasetDescriptor d, List<String> names) {
        List<NiftiImage> channels = new ArrayList<>();
        for (String name : names) {
            channels.add(reader.read(channel(site, c, d, name)));
        }
        NiftiHeader h = channels.get(0).header();
        int xyz = h.dim(0) * h.dim(1) * h.dim(2);
        Voxels all = Voxels.allocate(h.datatype(), xyz * names.size());
        for (int k = 0; k < names.size(); k++) {
            for (int i = 0; i < xyz; i++) {
                all.set(k * xyz + i, channels.get(k).voxels().get(i));
            }
        }
        return new NiftiImage(
                h.toBuilder().dims(h.dim(0), h.dim(1), h.dim(2), names.size()).build(), all);
    }

    private static NiftiImage relabel(NiftiImage label, Map<Integer, Integer> values) {
        for (int i = 0; i < label.voxels().size(); i++) {
            int v = (int) label.voxels().get(i);
            label.voxels().set(i, v == 0 ? 0 : values.getOrDefault(v, 0));
        }
        return label;
    }

    private static int value(DatasetDescriptor d, String label) {
        return d.labels().get(label).values().iterator().next();
    }

    private static boolean isGlioma(DatasetDescriptor d) {
        return d.channelNames().values().containsAll(GLIOMA_CHANNELS)
                && d.labels().keySet().containsAll(List.of("NCR", "ED", "ET"));
    }

    private NiftiImage label(Path site, String[] c) {
        return reader.read(site.resolve(c[1] + "/" + c[0] + ".nii.gz"));
    }

    private static Path channel(Path site, String[] c, DatasetDescriptor d, String name) {
        String index =
                d.channelNames().entrySet().stream()
                        .filter(e -> e.getValue().equals(name))
                        .findFirst()
                        .orElseThrow()
                        .getKey();
        String images = c[1].equals("labelsTs") ? "imagesTs" : "imagesTr";
        return site.resolve(
                String.format("%s/%s_%04d.nii.gz", images, c[0], Integer.parseInt(index)));
    }

    /** Every labelled case of a site folder: {case id, its labels folder}, training first. */
    private static List<String[]> cases(Path site) throws IOException {
        List<String[]> cases = new ArrayList<>();
        for (String labels : List.of("labelsTr", "labelsTs")) {
            Path dir = site.resolve(labels);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.map(f -> f.getFileName().toString())
                        .filter(f -> f.endsWith(".nii.gz"))
                        .sorted()
                        .forEach(f -> cases.add(new String[] {f.replace(".nii.gz", ""), labels}));
            }
        }
        return cases;
    }

    private static DatasetDescriptor descriptor(Path site) throws IOException {
        return Json.mapper()
                .readValue(site.resolve("dataset.json").toFile(), DatasetDescriptor.class);
    }
}
