package io.ostflow.planner.ledger;

import io.ostflow.common.events.PredictionsWritten;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which of a target's masks to serve: the recommended model's ({@link Recommender}); where it has
 * none yet (an audit's job, or one still segmenting), the best validated model that has masks, said
 * so; where no model with masks was validated, the latest masks. Chosen on validation Dice only,
 * like the recommendation. O(m log m) for m trained models.
 */
public final class PredictionChoice {
    private PredictionChoice() {}

    /**
     * @param target the target task
     * @param written the target's masks by job id
     * @param models every trained model the planner knows
     */
    public static Optional<ServedPredictions> choose(
            String target, Map<String, PredictionsWritten> written, List<TrainedModel> models) {
        if (written.isEmpty()) {
            return Optional.empty();
        }
        Recommendation recommended = Recommender.recommend(target, models);
        if (recommended.jobId() != null && written.containsKey(recommended.jobId())) {
            return Optional.of(
                    served(
                            written.get(recommended.jobId()),
                            true,
                            "the recommended model's masks: " + recommended.reason()));
        }
        List<TrainedModel> withMasks =
                models.stream().filter(m -> written.containsKey(m.job().jobId())).toList();
        Recommendation best = Recommender.recommend(target, withMasks);
        if (best.jobId() != null) {
            String why =
                    recommended.jobId() == null
                            ? "no model of this target is recommended yet"
                            : "the recommended model (job "
                                    + recommended.jobId()
                                    + ") has no masks (an audit's job, or still segmenting)";
            return Optional.of(
                    served(
                            written.get(best.jobId()),
                            false,
                            why + "; these come from the best validated model that has masks"));
        }
        PredictionsWritten latest =
                written.values().stream()
                        .max(
                                Comparator.comparing(PredictionsWritten::writtenAt)
                                        .thenComparing(PredictionsWritten::jobId))
                        .orElseThrow();
        return Optional.of(
                served(
                        latest,
                        false,
                        "no model with masks has been validated; these are the latest masks"));
    }

    private static ServedPredictions served(
            PredictionsWritten event, boolean recommended, String reason) {
        return new ServedPredictions(
                event.target(),
                event.jobId(),
                recommended,
                reason,
                event.modelKey(),
                event.predictions(),
                event.writtenAt());
    }
}
