package io.ostflow.phantom;

import java.util.SplittableRandom;

/** The anatomy of one case, drawn once and painted into tissue and label maps. */
record Anatomy(
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
        double[] direction = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
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
            double w = CaseSynthesizer.coordinate(z, nz);
            for (int y = 0; y < ny; y++) {
                double v = CaseSynthesizer.coordinate(y, ny);
                for (int x = 0; x < nx; x++, i++) {
                    double u = CaseSynthesizer.coordinate(x, nx);
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
                        label == CaseSynthesizer.NCR
                                ? Tissue.NECROSIS
                                : label == CaseSynthesizer.ET ? Tissue.ENHANCING : Tissue.OEDEMA;
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
            return CaseSynthesizer.NCR;
        }
        return relative < enhancingRadius ? CaseSynthesizer.ET : CaseSynthesizer.ED;
    }
}
