package io.ostflow.phantom;

/**
 * Tissue classes of the phantom with their relative intensity per channel (T1, T1ce, T2, FLAIR),
 * ordered as the usual appearance of a glioma on these sequences: T1 WM > GM > CSF with a dark
 * tumour; T1ce adds a bright enhancing rim; T2 shows CSF and oedema bright; FLAIR suppresses CSF
 * and keeps oedema bright.
 */
enum Tissue {
    BACKGROUND(0, 0, 0, 0),
    SCALP(0.95, 0.95, 0.55, 0.60),
    SKULL(0.08, 0.08, 0.06, 0.05),
    CSF(0.18, 0.20, 1.00, 0.10),
    GREY_MATTER(0.55, 0.56, 0.62, 0.62),
    WHITE_MATTER(0.82, 0.82, 0.40, 0.48),
    OEDEMA(0.45, 0.47, 0.85, 0.95),
    ENHANCING(0.50, 1.10, 0.70, 0.80),
    NECROSIS(0.22, 0.25, 0.92, 0.50),
    /** A white-matter hyperintensity (WMH sites): dim on T1, bright on T2 and FLAIR. */
    LESION(0.60, 0.60, 0.80, 0.98);

    /** Channel names in channel order, as in {@code dataset.json}. */
    static final String[] CHANNELS = {"T1", "T1ce", "T2", "FLAIR"};

    private final double[] intensity;

    Tissue(double t1, double t1ce, double t2, double flair) {
        this.intensity = new double[] {t1, t1ce, t2, flair};
    }

    double intensity(int channel) {
        return intensity[channel];
    }

    /**
     * The intensity at a site of {@code style}: infant brains (iSeg's isointense phase) have white
     * matter barely brighter than grey on T1, and brighter than grey on T2.
     */
    double intensity(SiteStyle style, int channel) {
        if (style == SiteStyle.INFANT && this == WHITE_MATTER) {
            return channel == 0 ? 0.58 : channel == 2 ? 0.75 : intensity[channel];
        }
        return intensity[channel];
    }
}
