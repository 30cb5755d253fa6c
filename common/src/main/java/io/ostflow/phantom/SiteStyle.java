package io.ostflow.phantom;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a phantom site scans and labels. The sources are glioma sites as in BraTS/FeTS; a target
 * site can be unlike them, as the paper's iSeg-2019 and WMH targets are: then its tasks share only
 * a modality with the sources (docs/results.md).
 */
public enum SiteStyle {
    /** BraTS-like: T1, T1ce, T2, FLAIR; necrotic core 1, oedema 2, enhancing tumour 3. */
    GLIOMA("glioma", List.of("T1", "T1ce", "T2", "FLAIR"), labels("NCR", 1, "ED", 2, "ET", 3)),
    /**
     * iSeg-2019-like (6-month infants, isointense phase): T1 and T2 of a brain without a tumour;
     * cerebrospinal fluid 10, grey matter 150, white matter 250 (iSeg's own values).
     */
    INFANT("infant", List.of("T1", "T2"), labels("CSF", 10, "GM", 150, "WM", 250)),
    /** WMH-challenge-like: FLAIR only, white-matter hyperintensities 1. */
    WMH("wmh", List.of("FLAIR"), labels("WMH", 1));

    private final String wire;
    private final List<String> channels;
    private final Map<String, Integer> labels;

    SiteStyle(String wire, List<String> channels, Map<String, Integer> labels) {
        this.wire = wire;
        this.channels = channels;
        this.labels = labels;
    }

    /** The name on the command line ({@code --target-styles}). */
    public String wire() {
        return wire;
    }

    /** Channel names in file order ({@code _0000}, {@code _0001}, ...). */
    public List<String> channels() {
        return channels;
    }

    /** Objective name to label value, in label order. */
    public Map<String, Integer> labels() {
        return labels;
    }

    /** The style of a wire name; the error lists the names allowed. */
    public static SiteStyle of(String name) {
        for (SiteStyle s : values()) {
            if (s.wire.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("a site style is glioma, infant or wmh, was " + name);
    }

    /** The index of a channel of this style among {@link Tissue#CHANNELS}. */
    int tissueChannel(int channel) {
        return List.of(Tissue.CHANNELS).indexOf(channels.get(channel));
    }

    private static Map<String, Integer> labels(Object... pairs) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return map;
    }
}
