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

    /**
     * White-matter hyperintensities: a few small blobs, most of them periventricular, painted only
     * where the brain is white matter.
     */
    private record Lesions(double[][] centres, double[] radii) {
        static Lesions draw(SplittableRandom random) {
            int count = 4 + random.nextInt(7);
            double[][] centres = new double[count][];
            double[] radii = new double[count];
            for (int k = 0; k < count; k++) {
                double side = random.nextBoolean() ? 1 : -1;
                boolean periventricular = random.nextDouble() < 0.7;
                centres[k] =
                        periventricular
                                ? new double[] {
                                    side * (0.24 + 0.06 * random.nextDouble()),
                                    -0.05 + 0.5 * (random.nextDouble() - 0.5),
                                    0.12 + 0.2 * (random.nextDouble() - 0.5)
                                }
                                : new double[] {
                                    side * (0.2 + 0.35 * random.nextDouble()),
                                    0.9 * (random.nextDouble() - 0.5),
                                    0.8 * (random.nextDouble() - 0.5)
                                };
                radii[k] = 0.035 + 0.045 * random.nextDouble();
            }
            return new Lesions(centres, radii);
        }

        void paint(Anatomy anatomy, byte[] tissue, byte[] labels) {
            int[] shape = anatomy.shape();
            byte white = (byte) Tissue.WHITE_MATTER.ordinal();
            byte lesion = (byte) Tissue.LESION.ordinal();
            byte value = SiteStyle.WMH.labels().get("WMH").byteValue();
            for (int z = 0, i = 0; z < shape[2]; z++) {
                for (int y = 0; y < shape[1]; y++) {
                    for (int x = 0; x < shape[0]; x++, i++) {
                        if (tissue[i] != white) {
                            continue;
                        }
                        double[] p =
                                anatomy.normalised(
                                        coordinate(x, shape[0]),
                                        coordinate(y, shape[1]),
                                        coordinate(z, shape[2]));
                        if (inside(p)) {
                            tissue[i] = lesion;
                            labels[i] = value;
                        }
                    }
                }
            }
        }

        private boolean inside(double[] p) {
            for (int k = 0; k < radii.length; k++) {
                double dx = p[0] - centres[k][0];
                double dy = p[1] - centres[k][1];
                double dz = p[2] - centres[k][2];
                if (dx * dx + dy * dy + dz * dz < radii[k] * radii[k]) {
                    return true;
                }
            }
            return false;
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

    /** The anatomy of one case, drawn once and painted into tissue and label maps. */
    private record Anatomy(
            int[] shape,
            double[] centre,
            double[] radii,
            SmoothField outline,
            SmoothField folds,
            SmoothField tumourOutline,
            double[] tumourCentre,
            double oedemaRadius,
            double enhancingRadius,
            double necrosisRadius) {

        static Anatomy draw(SiteProfile site, int[] shape, SplittableRandom random) {
            double size = site.headScale() * (0.95 + 0.1 * random.nextDouble());
            double[] centre = {
                site.headShiftX() + 0.02 * (random.nextDouble() - 0.5),
                site.headShiftY() + 0.02 * (random.nextDouble() - 0.5),
                0
            };
            double[] radii = {0.62 * size, 0.80 * size, 0.82 * size};
            SmoothField outline = new SmoothField(random, 5, 0.5, 1.5);
            SmoothField folds = new SmoothField(random, 14, 5, 10);
            SmoothField tumourOutline = new SmoothField(random, 5, 1, 3);
            double[] direction = {
                random.nextGaussian(), random.nextGaussian(), random.nextGaussian()
            };
            double norm =
                    Math.sqrt(
                            direction[0] * direction[0]
                                    + direction[1] * direction[1]
                                    + direction[2] * direction[2]);
            double distance = 0.15 + 0.3 * random.nextDouble();
            double[] tumourCentre = {
                direction[0] / norm * distance,
                direction[1] / norm * distance,
                direction[2] / norm * distance
            };
            double oedema = 0.18 + 0.14 * random.nextDouble();
            double enhancing = oedema * (0.45 + 0.15 * random.nextDouble());
            double necrosis = enhancing * (0.4 + 0.3 * random.nextDouble());
            return new Anatomy(
                    shape,
                    centre,
                    radii,
                    outline,
                    folds,
                    tumourOutline,
                    tumourCentre,
                    oedema,
                    enhancing,
                    necrosis);
        }

        /** Head-relative coordinates of a voxel centre, as the tissue rules use them. */
        double[] normalised(double u, double v, double w) {
            return new double[] {
                (u - centre[0]) / radii[0], (v - centre[1]) / radii[1], (w - centre[2]) / radii[2]
            };
        }

        void paint(byte[] tissue, byte[] labels, boolean tumour) {
            int nx = shape[0];
            int ny = shape[1];
            int nz = shape[2];
            for (int z = 0, i = 0; z < nz; z++) {
                double w = coordinate(z, nz);
                for (int y = 0; y < ny; y++) {
                    double v = coordinate(y, ny);
                    for (int x = 0; x < nx; x++, i++) {
                        double u = coordinate(x, nx);
                        paintVoxel(i, u, v, w, tissue, labels, tumour);
                    }
                }
            }
        }

        private void paintVoxel(
                int i, double u, double v, double w, byte[] tissue, byte[] labels, boolean tumour) {
            double px = (u - centre[0]) / radii[0];
            double py = (v - centre[1]) / radii[1];
            double pz = (w - centre[2]) / radii[2];
            double rho = Math.sqrt(px * px + py * py + pz * pz) / (1 + 0.05 * outline.at(u, v, w));
            Tissue t;
            if (rho >= 1) {
                t = Tissue.BACKGROUND;
            } else if (rho > 0.93) {
                t = Tissue.SCALP;
            } else if (rho > 0.87) {
                t = Tissue.SKULL;
            } else if (rho > 0.83) {
                t = Tissue.CSF;
            } else {
                t = brainTissue(rho, px, py, pz, u, v, w);
                byte label = tumour ? tumourLabel(px, py, pz, u, v, w) : 0;
                if (label != 0) {
                    labels[i] = label;
                    t =
                            label == NCR
                                    ? Tissue.NECROSIS
                                    : label == ET ? Tissue.ENHANCING : Tissue.OEDEMA;
                }
            }
            tissue[i] = (byte) t.ordinal();
        }

        private Tissue brainTissue(
                double rho, double px, double py, double pz, double u, double v, double w) {
            if (inVentricle(px, py, pz)) {
                return Tissue.CSF;
            }
            if (inDeepGreyMatter(px, py, pz)) {
                return Tissue.GREY_MATTER;
            }
            double fold = folds.at(u, v, w);
            if (rho > 0.72 && fold < -0.9) {
                return Tissue.CSF; // a sulcus
            }
            return rho > 0.66 + 0.07 * fold ? Tissue.GREY_MATTER : Tissue.WHITE_MATTER;
        }

        /** Two lateral ventricles, mirrored across the midline. */
        private static boolean inVentricle(double px, double py, double pz) {
            double lx = (Math.abs(px) - 0.13) / 0.08;
            double ly = (py + 0.05) / 0.32;
            double lz = (pz - 0.12) / 0.14;
            return lx * lx + ly * ly + lz * lz < 1;
        }

        /** Basal ganglia and thalami, lateral to the ventricles. */
        private static boolean inDeepGreyMatter(double px, double py, double pz) {
            double gx = (Math.abs(px) - 0.27) / 0.1;
            double gy = (py - 0.02) / 0.18;
            double gz = (pz + 0.02) / 0.13;
            return gx * gx + gy * gy + gz * gz < 1;
        }

        private byte tumourLabel(double px, double py, double pz, double u, double v, double w) {
            double dx = px - tumourCentre[0];
            double dy = py - tumourCentre[1];
            double dz = pz - tumourCentre[2];
            double oedemaEdge = oedemaRadius * (1 + 0.2 * tumourOutline.at(u, v, w));
            double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
            if (d >= oedemaEdge) {
                return 0;
            }
            double relative = d / oedemaEdge * oedemaRadius;
            if (relative < necrosisRadius) {
                return NCR;
            }
            return relative < enhancingRadius ? ET : ED;
        }
    }
}
