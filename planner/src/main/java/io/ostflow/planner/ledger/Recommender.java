package io.ostflow.planner.ledger;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageResult;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Picks a target's {@link Recommendation} from its trained models by validation Dice, with the
 * one-standard-error rule (Hastie, Tibshirani and Friedman, <i>The Elements of Statistical
 * Learning</i>, 2nd ed., section 7.10): among the models whose validation Dice is within one
 * standard error of the best one's, the cheapest wins (fewer training stages, then fewer optimiser
 * steps, then the smaller job id), so a transfer displaces training from scratch only when it
 * validates better by more than the validation cases can tell apart. The standard error is that of
 * the mean per-case difference between the best model and the candidate on the validation cases
 * both were scored on (a target's jobs validate on the same cases); with fewer than two shared
 * cases it is 0 and the plain order decides. Held-out Dice never enters the choice. O(m log m + m
 * v) for m models of the target and v validation cases.
 */
public final class Recommender {
    private Recommender() {}

    private static final Comparator<TrainedModel> BEST_FIRST =
            Comparator.comparingDouble((TrainedModel m) -> -m.result().validationDice())
                    .thenComparingInt(Recommender::trainingStages)
                    .thenComparingLong(Recommender::steps)
                    .thenComparing(m -> m.job().jobId());

    /** Cheaper first; of equally cheap models (scratch on several seeds) the better validated. */
    private static final Comparator<TrainedModel> CHEAPEST_FIRST =
            Comparator.comparingInt(Recommender::trainingStages)
                    .thenComparingLong(Recommender::steps)
                    .thenComparingDouble((TrainedModel m) -> -m.result().validationDice())
                    .thenComparing(m -> m.job().jobId());

    /**
     * @param target the target task
     * @param models every trained model the planner knows (any target)
     */
    public static Recommendation recommend(String target, List<TrainedModel> models) {
        List<TrainedModel> validated =
                models.stream()
                        .filter(m -> m.job().target().equals(target))
                        .filter(m -> isFinite(m.result().validationDice()))
                        .sorted(BEST_FIRST)
                        .toList();
        long finished = models.stream().filter(m -> m.job().target().equals(target)).count();
        if (validated.isEmpty()) {
            return new Recommendation(
                    target,
                    null,
                    null,
                    List.of(),
                    null,
                    null,
                    null,
                    0,
                    false,
                    noneReason(finished));
        }
        TrainedModel top = validated.get(0);
        TrainedModel best =
                validated.stream()
                        .sorted(CHEAPEST_FIRST)
                        .filter(m -> withinOneStandardError(m, top))
                        .findFirst()
                        .orElse(top);
        Optional<TrainedModel> scratch =
                validated.stream().filter(m -> m.job().kind() == JobKind.SCRATCH).findFirst();
        TrainingCompleted result = best.result();
        return new Recommendation(
                target,
                best.job().jobId(),
                best.job().kind(),
                path(best.job()),
                result.validationDice(),
                result.dice(),
                scratch.map(Recommender::candidate).orElse(null),
                validated.size(),
                best.job().kind() == JobKind.SCRATCH,
                reason(best, top, scratch, validated));
    }

    /** Whether {@code candidate} validates within one standard error of {@code top}. */
    static boolean withinOneStandardError(TrainedModel candidate, TrainedModel top) {
        double gap = top.result().validationDice() - candidate.result().validationDice();
        return gap <= standardError(top, candidate) + 1e-12;
    }

    /**
     * The standard error of the mean per-case validation difference of two models on the cases both
     * were scored on; 0 with fewer than two such cases.
     */
    static double standardError(TrainedModel a, TrainedModel b) {
        Map<String, Double> first = a.result().validationCaseDice();
        Map<String, Double> second = b.result().validationCaseDice();
        double[] differences =
                first.keySet().stream()
                        .filter(second::containsKey)
                        .mapToDouble(id -> first.get(id) - second.get(id))
                        .toArray();
        int n = differences.length;
        if (n < 2) {
            return 0;
        }
        double mean = Arrays.stream(differences).average().orElseThrow();
        double squares = Arrays.stream(differences).map(d -> (d - mean) * (d - mean)).sum();
        return Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
    }

    private static String reason(
            TrainedModel best,
            TrainedModel top,
            Optional<TrainedModel> scratch,
            List<TrainedModel> validated) {
        double dice = best.result().validationDice();
        if (best != top) {
            return String.format(
                    Locale.ROOT,
                    "%s validates at %.3f, within one standard error (%.3f) of the best, %s"
                            + " (%.3f over %d validation cases), and is cheaper: the validation"
                            + " cases cannot tell them apart",
                    describe(best),
                    dice,
                    standardError(top, best),
                    describe(top),
                    top.result().validationDice(),
                    top.result().validationCaseDice().size());
        }
        if (best.job().kind() == JobKind.SCRATCH) {
            Optional<TrainedModel> transfer =
                    validated.stream().filter(m -> m.job().kind() != JobKind.SCRATCH).findFirst();
            return transfer.map(
                            t ->
                                    String.format(
                                            Locale.ROOT,
                                            "training from scratch on the target's own cases"
                                                    + " validates best (%.3f); the best transfer,"
                                                    + " %s, reaches %.3f: no source helps this"
                                                    + " target yet",
                                            dice,
                                            t.job().kind().wire(),
                                            t.result().validationDice()))
                    .orElse(
                            String.format(
                                    Locale.ROOT,
                                    "only training from scratch has finished (validation %.3f);"
                                            + " no transfer to compare with yet",
                                    dice));
        }
        String against =
                scratch.map(
                                s ->
                                        String.format(
                                                Locale.ROOT,
                                                " against %.3f from scratch",
                                                s.result().validationDice()))
                        .orElse("; scratch has not finished, so it is not yet compared");
        return String.format(
                Locale.ROOT,
                "%s transfer %s validates best of %d models (%.3f%s)",
                best.job().kind().wire(),
                String.join(" > ", path(best.job())),
                validated.size(),
                dice,
                against);
    }

    private static String describe(TrainedModel m) {
        return m.job().kind() == JobKind.SCRATCH
                ? "training from scratch on the target's own cases"
                : m.job().kind().wire() + " transfer " + String.join(" > ", path(m.job()));
    }

    private static String noneReason(long finished) {
        return finished == 0
                ? "no job of this target has finished yet"
                : finished
                        + " finished jobs, none validated: the target's labelled budget leaves no"
                        + " case to validate on (one labelled case), or they ran on a trainer"
                        + " that does not validate";
    }

    private static Recommendation.Candidate candidate(TrainedModel m) {
        return new Recommendation.Candidate(
                m.job().jobId(), m.job().kind(), m.result().validationDice(), m.result().dice());
    }

    private static List<String> path(TrainingJob job) {
        return job.stages().stream().filter(s -> s.type().trains()).map(s -> s.task()).toList();
    }

    private static int trainingStages(TrainedModel m) {
        return path(m.job()).size();
    }

    private static long steps(TrainedModel m) {
        return m.result().stages().stream().mapToLong(StageResult::steps).sum();
    }

    private static boolean isFinite(Double value) {
        return value != null && Double.isFinite(value);
    }
}
