package io.ostflow.phantom;

import java.util.SplittableRandom;

/**
 * A smooth random scalar field on [-1, 1]^3: a sum of plane cosine waves with random directions and
 * phases and frequencies up to {@code maxCycles} per unit. Unit variance, zero mean; cheap enough
 * to evaluate per voxel.
 */
final class SmoothField {
    private final double[] fx;
    private final double[] fy;
    private final double[] fz;
    private final double[] phase;
    private final double norm;

    SmoothField(SplittableRandom random, int waves, double minCycles, double maxCycles) {
        fx = new double[waves];
        fy = new double[waves];
        fz = new double[waves];
        phase = new double[waves];
        for (int i = 0; i < waves; i++) {
            double cycles = minCycles + random.nextDouble() * (maxCycles - minCycles);
            double[] direction = randomUnitVector(random);
            fx[i] = Math.PI * cycles * direction[0];
            fy[i] = Math.PI * cycles * direction[1];
            fz[i] = Math.PI * cycles * direction[2];
            phase[i] = 2 * Math.PI * random.nextDouble();
        }
        norm = Math.sqrt(2.0 / waves);
    }

    double at(double x, double y, double z) {
        double sum = 0;
        for (int i = 0; i < phase.length; i++) {
            sum += Math.cos(fx[i] * x + fy[i] * y + fz[i] * z + phase[i]);
        }
        return sum * norm;
    }

    private static double[] randomUnitVector(SplittableRandom random) {
        double x;
        double y;
        double z;
        double length;
        do {
            x = 2 * random.nextDouble() - 1;
            y = 2 * random.nextDouble() - 1;
            z = 2 * random.nextDouble() - 1;
            length = Math.sqrt(x * x + y * y + z * z);
        } while (length > 1 || length < 1e-3);
        return new double[] {x / length, y / length, z / length};
    }
}
