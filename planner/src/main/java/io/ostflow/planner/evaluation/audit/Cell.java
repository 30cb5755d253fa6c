package io.ostflow.planner.evaluation.audit;

import java.util.Arrays;

/**
 * One table cell of an audit: mean and sample standard deviation over the seeds that have a value
 * (the sd is null below two seeds, the whole cell empty with none).
 *
 * @param dice mean Dice over seeds, null when no seed finished
 * @param sd sample standard deviation of the Dice over seeds, null below two
 * @param seeds how many seeds the mean is over
 * @param candidate the candidate the row settled on (the best of a grid), null where the row is
 *     fixed or an average of several
 */
public record Cell(Double dice, Double sd, int seeds, String candidate) {
    static final Cell EMPTY = new Cell(null, null, 0, null);

    /** The cell of per-seed values, NaN for a seed without a result. */
    static Cell of(double[] perSeed, String candidate) {
        double[] known = Arrays.stream(perSeed).filter(v -> !Double.isNaN(v)).toArray();
        if (known.length == 0) {
            return new Cell(null, null, 0, candidate);
        }
        double mean = Arrays.stream(known).average().orElseThrow();
        Double sd = null;
        if (known.length > 1) {
            double ss = Arrays.stream(known).map(v -> (v - mean) * (v - mean)).sum();
            sd = Math.sqrt(ss / (known.length - 1));
        }
        return new Cell(mean, sd, known.length, candidate);
    }

    /** {@code 0.412 ± 0.031}, {@code 0.412} for one seed, {@code —} for none. */
    public String text() {
        if (dice == null) {
            return "—";
        }
        return sd == null ? String.format("%.3f", dice) : String.format("%.3f ± %.3f", dice, sd);
    }
}
