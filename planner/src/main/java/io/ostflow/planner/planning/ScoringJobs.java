package io.ostflow.planner.planning;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.planner.ledger.TrainingBudget;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The scoring jobs of the transferability ranking (docs/planner.md, Ranking): a candidate's source
 * stages exactly as its own training job would train them (same cases, same seed, hence the same
 * stage keys: the trainer trains them once for both), then a score stage on the target. A path is
 * scored on the sequential budget, a single source on the direct one. Ids hash (target, seed,
 * stages), not the plan version, so a candidate is scored once for as long as its budget holds.
 */
final class ScoringJobs {
    private final PlannerSettings settings;
    private final TrainingBudget budget;
    private final Clock clock;

    ScoringJobs(PlannerSettings settings, Clock clock) {
        this.settings = settings;
        this.budget =
                new TrainingBudget(
                        settings.directCases(), settings.pretrainCases(), settings.finetuneCases());
        this.clock = clock;
    }

    /**
     * The job that scores one candidate.
     *
     * @param kind {@code SEQUENTIAL} for a path, {@code DIRECT} for a single source
     * @param sources the candidate's sources in training order
     * @param available a task's training cases, empty when unknown
     */
    TrainingJob of(
            String target,
            JobKind kind,
            List<String> sources,
            long planVersion,
            Function<String, OptionalInt> available) {
        List<TrainingJob.Stage> stages = new ArrayList<>();
        if (kind == JobKind.DIRECT) {
            stages.add(
                    new TrainingJob.Stage(
                            StageType.PRETRAIN,
                            sources.get(0),
                            budget.direct(sources.get(0), available)));
        } else if (kind == JobKind.SEQUENTIAL) {
            stages.addAll(
                    TrainingJobs.sourceStages(sources, budget.of(sources, target, available)));
        } else {
            throw new IllegalArgumentException("only paths and sources are scored, not " + kind);
        }
        stages.add(
                new TrainingJob.Stage(StageType.SCORE, target, budget.target(target, available)));
        return new TrainingJob(
                jobId(target, settings.seed(), stages),
                target,
                JobKind.SCORE,
                planVersion,
                stages,
                settings.seed(),
                clock.instant());
    }

    private static String jobId(String target, long seed, List<TrainingJob.Stage> stages) {
        StringBuilder key = new StringBuilder(target).append('|').append(seed);
        for (TrainingJob.Stage s : stages) {
            key.append('|').append(s.type().wire()).append(':').append(s.task());
            key.append(':').append(s.cases());
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return "score-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
