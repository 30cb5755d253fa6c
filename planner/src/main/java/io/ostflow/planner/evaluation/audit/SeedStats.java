package io.ostflow.planner.evaluation.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Statistics over an audit's per-seed Dice arrays (index = seed): means that skip missing results,
 * differences, the best candidate of a grid and rank correlations. NaN marks a missing result.
 */
final class SeedStats {
    private SeedStats() {}

    /** The candidate with the highest mean Dice over its seeds; the first (cheapest) on a tie. */
    static String bestKey(List<String> grid, Map<String, double[]> dice) {
        String best = null;
        double bestMean = Double.NEGATIVE_INFINITY;
        for (String key : grid) {
            double mean = mean(dice.get(key));
            if (!Double.isNaN(mean) && mean > bestMean) {
                best = key;
                bestMean = mean;
            }
        }
        return best;
    }

    /**
     * Per seed, the mean over that seed's draws ({@code perSeed} draws each, seed after seed; 0:
     * every draw is every seed's); NaN where any of them lacks that seed's result.
     */
    static double[] drawMean(
            List<String> draws, int perSeed, Map<String, double[]> dice, int seeds) {
        double[] out = new double[seeds];
        for (int k = 0; k < seeds; k++) {
            List<String> mine =
                    perSeed == 0 ? draws : draws.subList(k * perSeed, (k + 1) * perSeed);
            double sum = 0;
            for (String key : mine) {
                sum += dice.get(key)[k];
            }
            out[k] = sum / mine.size();
        }
        return out;
    }

    static Map<String, Double> means(List<String> grid, Map<String, double[]> perSeed) {
        Map<String, Double> means = new HashMap<>();
        grid.forEach(k -> means.put(k, nullIfNaN(mean(perSeed.get(k)))));
        return means;
    }

    /**
     * Spearman's rho of a score (cost, LEEP) and mean Dice over the grid's candidates that have
     * both.
     */
    static Double correlation(
            List<String> grid, Map<String, Double> score, Map<String, double[]> dice) {
        return correlation(grid, score, dice, RankCorrelation::spearman);
    }

    /** Kendall's tau-b of a score and mean Dice over the grid's candidates that have both. */
    static Double kendall(
            List<String> grid, Map<String, Double> score, Map<String, double[]> dice) {
        return correlation(grid, score, dice, RankCorrelation::kendall);
    }

    static Double correlation(
            List<String> grid,
            Map<String, Double> score,
            Map<String, double[]> dice,
            java.util.function.ToDoubleBiFunction<double[], double[]> measure) {
        List<double[]> pairs = new ArrayList<>();
        for (String key : grid) {
            double mean = mean(dice.get(key));
            if (!Double.isNaN(mean) && score.get(key) != null) {
                pairs.add(new double[] {score.get(key), mean});
            }
        }
        double rho =
                measure.applyAsDouble(
                        pairs.stream().mapToDouble(p -> p[0]).toArray(),
                        pairs.stream().mapToDouble(p -> p[1]).toArray());
        return Double.isNaN(rho) ? null : rho;
    }

    static double[] minus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            out[k] = a[k] - b[k];
        }
        return out;
    }

    static double mean(double[] perSeed) {
        return Arrays.stream(perSeed).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    static Double nullIfNaN(double value) {
        return Double.isNaN(value) ? null : value;
    }

    static double[] nan(int seeds) {
        double[] out = new double[seeds];
        Arrays.fill(out, Double.NaN);
        return out;
    }
}
