package io.ostflow.planner.evaluation.audit;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Rank correlations between a grid's scores (costs, LEEP) and its Dice: Spearman's rho (Pearson's
 * correlation of the ranks, tied values given their average rank; O(n log n)) and Kendall's tau-b
 * (concordant minus discordant pairs over the pairs not tied, Kendall 1945; O(n^2), a grid has tens
 * of candidates). A cost model that ranks transfers well gives a value near -1 (cheaper paths,
 * higher Dice), a transferability score near +1. Kendall's tau is what the segmentation
 * transferability literature reports (e.g. CC-FV, MICCAI 2023, weighted), so both are given.
 */
public final class RankCorrelation {
    private RankCorrelation() {}

    /**
     * @return rho in [-1, 1], or NaN for fewer than 3 pairs or a constant series
     */
    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "series differ in length: " + x.length + " and " + y.length);
        }
        if (x.length < 3) {
            return Double.NaN;
        }
        return pearson(ranks(x), ranks(y));
    }

    /**
     * Kendall's tau-b: {@code (C - D) / sqrt((P - Tx)(P - Ty))} with C concordant and D discordant
     * pairs, P all pairs, Tx and Ty the pairs tied in x and in y.
     *
     * @return tau in [-1, 1], or NaN for fewer than 3 pairs or a constant series
     */
    public static double kendall(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "series differ in length: " + x.length + " and " + y.length);
        }
        if (x.length < 3) {
            return Double.NaN;
        }
        long concordant = 0;
        long discordant = 0;
        long tiedX = 0;
        long tiedY = 0;
        long pairs = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                pairs++;
                int sx = Double.compare(x[i], x[j]);
                int sy = Double.compare(y[i], y[j]);
                tiedX += sx == 0 ? 1 : 0;
                tiedY += sy == 0 ? 1 : 0;
                if (sx != 0 && sy != 0) {
                    if (Integer.signum(sx) == Integer.signum(sy)) {
                        concordant++;
                    } else {
                        discordant++;
                    }
                }
            }
        }
        double denominator = Math.sqrt((double) (pairs - tiedX) * (pairs - tiedY));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }

    /** Ranks from 1, ties averaged. */
    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double average = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = average;
            }
            i = j + 1;
        }
        return ranks;
    }

    private static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return aa == 0 || bb == 0 ? Double.NaN : ab / Math.sqrt(aa * bb);
    }
}
