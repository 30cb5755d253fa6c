package io.ostflow.phantom;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws one synthetic brain-tumour case for a site: anatomy (perturbed ellipsoidal head, scalp,
 * skull, CSF, folded grey matter, white matter, ventricles), a tumour (necrotic core inside an
 * enhancing rim inside oedema), then the site's scanner effects (blur, bias field, scale, Rician
 * noise). Deterministic for a given seed.
 */
final class CaseSynthesizer {
    static final byte NCR = 1;
    static final byte ED = 2;
    static final byte ET = 3;

    private CaseSynthesizer() {}

    static PhantomCase synthesize(SiteProfile site, String caseId, int[] shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Anatomy anatomy = Anatomy.draw(site, shape, random);
        int n = shape[0] * shape[1] * shape[2];
        byte[] tissue = new byte[n];
        byte[] labels = new byte[n];
        anatomy.paint(tissue, labels, site.style() == SiteStyle.GLIOMA);

        SmoothField texture = new SmoothField(random, 6, 4, 9);
        SmoothField bias = new SmoothField(random, 4, 0.3, 1.0);
        switch (site.style()) {
            case GLIOMA -> {}
            case INFANT -> tissueLabels(tissue, labels);
            case WMH -> Lesions.draw(random.split()).paint(anatomy, tissue, labels);
        }
        SiteStyle style = site.style();
        float[][] channels = new float[style.channels().size()][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] =
                    channel(
                            site,
                            shape,
                            tissue,
                            style.tissueChannel(c),
                            texture,
                            bias,
                            random.split());
        }
        return new PhantomCase(caseId, shape.clone(), channels, labels, style);
    }

    /** iSeg's labels from the tissue map: cerebrospinal fluid, grey and white matter. */
    private static void tissueLabels(byte[] tissue, byte[] labels) {
        Map<String, Integer> values = SiteStyle.INFANT.labels();
        for (int i = 0; i < tissue.length; i++) {
            Tissue t = Tissue.values()[tissue[i]];
            labels[i] =
                    switch (t) {
                        case CSF -> values.get("CSF").byteValue();
                        case GREY_MATTER -> values.get("GM").byteValue();
                        case WHITE_MATTER -> values.get("WM").byteValue();
                        default -> 0;
                    };
        }
    }

    private static float[] channel(
            SiteProfile site,
            int[] shape,
            byte[] tissue,
            int channel,
            SmoothField texture,
            SmoothField bias,
            SplittableRandom noise) {
        Tissue[] classes = Tissue.values();
        int nx = shape[0];
        int ny = shape[1];
        int nz = shape[2];
        float[] values = new float[tissue.length];
        for (int z = 0, i = 0; z < nz; z++) {
            double w = coordinate(z, nz);
            for (int y = 0; y < ny; y++) {
                double v = coordinate(y, ny);
                for (int x = 0; x < nx; x++, i++) {
                    Tissue t = classes[tissue[i]];
                    if (t == Tissue.BACKGROUND) {
                        continue;
                    }
                    double u = coordinate(x, nx);
                    double grain = 1 + 0.05 * texture.at(u, v, w);
                    values[i] =
                            (float)
                                    (t.intensity(site.style(), channel)
                                            * site.contrast()[channel]
                                            * grain);
                }
            }
        }
        GaussianBlur.blur(values, shape, site.blurSigma());
        double sigma = site.noiseSigma();
        for (int z = 0, i = 0; z < nz; z++) {
            double w = coordinate(z, nz);
            for (int y = 0; y < ny; y++) {
                double v = coordinate(y, ny);
                for (int x = 0; x < nx; x++, i++) {
                    if (tissue[i] == 0 && values[i] == 0) {
                        continue; // air stays exactly zero, as in masked/defaced exports
                    }
                    double u = coordinate(x, nx);
                    double field = Math.exp(site.biasStrength() * bias.at(u, v, w));
                    double signal = values[i] * field + site.offset();
                    double real = signal + sigma * noise.nextGaussian();
                    double imaginary = sigma * noise.nextGaussian();
                    values[i] =
                            (float) (site.scale() * Math.sqrt(real * real + imaginary * imaginary));
                }
            }
        }
        return values;
    }

    /** Voxel centre in [-1, 1]. */
    static double coordinate(int index, int size) {
        return 2.0 * (index + 0.5) / size - 1;
    }
}
