package io.ostflow.common.dataset;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ostflow.common.Role;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A drop's {@code dataset.json}, in the nnU-Net v2 raw layout plus an {@code ostflow} section.
 *
 * @param name free-text dataset name
 * @param channelNames channel index ("0", "1", ...) to modality name, e.g. {@code T1ce}
 * @param labels label name to its value or, for an nnU-Net region, its values; {@code background}
 *     is 0
 * @param numTraining number of training cases ({@code imagesTr})
 * @param fileEnding e.g. {@code .nii.gz}
 * @param ostflow site, role and held-out count
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetDescriptor(
        String name,
        @JsonProperty("channel_names") Map<String, String> channelNames,
        Map<String, LabelValues> labels,
        int numTraining,
        @JsonProperty("file_ending") String fileEnding,
        Ostflow ostflow) {

    public static final String BACKGROUND = "background";

    public DatasetDescriptor {
        channelNames = channelNames == null ? Map.of() : new TreeMap<>(channelNames);
        labels = labels == null ? Map.of() : new TreeMap<>(labels);
    }

    /**
     * The ostflow section.
     *
     * @param site site name (also the top folder in the landing bucket)
     * @param role role of every task of the drop
     * @param numTest number of held-out evaluation cases ({@code imagesTs}), may be 0
     * @param imported where {@code ostflow import} took the drop from; absent for a drop written by
     *     hand
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ostflow(
            String site,
            Role role,
            int numTest,
            @com.fasterxml.jackson.annotation.JsonInclude(
                            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                    ImportSource imported) {
        /** A drop not imported. */
        public Ostflow(String site, Role role, int numTest) {
            this(site, role, numTest, null);
        }
    }

    /**
     * The release a drop was imported from ({@code ostflow import}); the site folder's {@code
     * subjects.csv} maps its case ids back to the release's subject ids.
     *
     * @param format {@code fets2022}, {@code brats2021}, {@code wmh}, {@code msd}, {@code iseg2019}
     * @param release the release folder's name (e.g. {@code Task01_BrainTumour})
     */
    public record ImportSource(String format, String release) {}

    /** The same descriptor with another site and role. */
    public DatasetDescriptor withOstflow(String site, Role role) {
        int numTest = ostflow == null ? 0 : ostflow.numTest();
        return new DatasetDescriptor(
                name,
                channelNames,
                labels,
                numTraining,
                fileEnding,
                new Ostflow(site, role, numTest, ostflow == null ? null : ostflow.imported()));
    }

    /** The same descriptor, marked as imported from {@code source}. */
    public DatasetDescriptor withImported(ImportSource source) {
        Ostflow o = ostflow == null ? new Ostflow(null, null, 0) : ostflow;
        return new DatasetDescriptor(
                name,
                channelNames,
                labels,
                numTraining,
                fileEnding,
                new Ostflow(o.site(), o.role(), o.numTest(), source));
    }

    /** Foreground labels (name to values), without {@code background}. */
    public Map<String, LabelValues> foregroundLabels() {
        Map<String, LabelValues> foreground = new TreeMap<>(labels);
        foreground.remove(BACKGROUND);
        return foreground;
    }

    /** Every value a label map of this dataset may hold, background included. */
    public Set<Integer> declaredValues() {
        Set<Integer> values = new TreeSet<>();
        labels.values().stream().filter(Objects::nonNull).forEach(l -> values.addAll(l.values()));
        return values;
    }
}
