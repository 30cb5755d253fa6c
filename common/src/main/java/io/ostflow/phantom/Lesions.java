package io.ostflow.phantom;

import java.util.SplittableRandom;

/**
 * White-matter hyperintensities: a few small blobs, most of them periventricular, painted only
 * where the brain is white matter.
 */
record Lesions(double[][] centres, double[] radii) {
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
                                    CaseSynthesizer.coordinate(x, shape[0]),
                                    CaseSynthesizer.coordinate(y, shape[1]),
                                    CaseSynthesizer.coordinate(z, shape[2]));
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
