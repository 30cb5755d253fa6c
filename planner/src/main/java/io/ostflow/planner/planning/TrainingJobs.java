package io.ostflow.planner.planning;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.PlanRanking;
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
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The training jobs of a plan (docs/algorithm.md section 8): the sequential job along the OST path
 * and, with baselines on, the paper's direct and scratch jobs. Their ids hash (target, path, plan
 * version, kind), so the same plan never yields a second job.
 */
final class TrainingJobs {
    private final PlannerSettings settings;
    private final TrainingBudget budget;
    private final Clock clock;

    TrainingJobs(PlannerSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.budget =
                new TrainingBudget(
                        settings.directCases(), settings.pretrainCases(), settings.finetuneCases());
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * The paper's three-way comparison: sequential along the path, direct and scratch, with the
     * same source-side budget for sequential and direct ({@link TrainingBudget}).
     *
     * <p>A plan of the transferability ranking whose scores are not all in has none yet: its path
     * may still change, and its scoring jobs train the source stages its jobs will reuse.
     *
     * @param available a task's training cases, empty when unknown
     */
    List<TrainingJob> of(Plan plan, Function<String, OptionalInt> available) {
        if (awaitsScores(plan)) {
            return List.of();
        }
        TrainingBudget.Cases cases = budget.of(plan.path(), plan.target(), available);
        List<TrainingJob> out = new ArrayList<>();
        out.add(job(plan, JobKind.SEQUENTIAL, sequential(plan, cases)));
        if (settings.baselines()) {
            out.add(
                    job(
                            plan,
                            JobKind.DIRECT,
                            List.of(
                                    stage(
                                            StageType.PRETRAIN,
                                            plan.path().get(0),
                                            cases.directPretrain()),
                                    stage(StageType.FINETUNE, plan.target(), cases.target()),
                                    stage(StageType.EVALUATE, plan.target(), 0))));
            out.add(
                    job(
                            plan,
                            JobKind.SCRATCH,
                            List.of(
                                    stage(StageType.PRETRAIN, plan.target(), cases.target()),
                                    stage(StageType.EVALUATE, plan.target(), 0))));
        }
        return out;
    }

    /**
     * Pre-train on the representative, fine-tune on every later task of the path, then the target.
     */
    private List<TrainingJob.Stage> sequential(Plan plan, TrainingBudget.Cases cases) {
        List<TrainingJob.Stage> stages = new ArrayList<>(sourceStages(plan.path(), cases));
        stages.add(stage(StageType.FINETUNE, plan.target(), cases.target()));
        stages.add(stage(StageType.EVALUATE, plan.target(), 0));
        return stages;
    }

    /** A path's stages before the target: pre-train on its first task, fine-tune on each later. */
    static List<TrainingJob.Stage> sourceStages(List<String> path, TrainingBudget.Cases cases) {
        List<TrainingJob.Stage> stages = new ArrayList<>();
        stages.add(stage(StageType.PRETRAIN, path.get(0), cases.sequentialPretrain()));
        List<String> later = path.subList(1, path.size());
        for (int i = 0; i < later.size(); i++) {
            stages.add(stage(StageType.FINETUNE, later.get(i), cases.intermediates().get(i)));
        }
        return stages;
    }

    /**
     * True for a plan of the transferability ranking still waiting for the scores of its shortlist.
     */
    static boolean awaitsScores(Plan plan) {
        return plan.ranking() == PlanRanking.AFFINITY && !plan.scores().isEmpty();
    }

    private static TrainingJob.Stage stage(StageType type, String task, int cases) {
        return new TrainingJob.Stage(type, task, cases);
    }

    private TrainingJob job(Plan plan, JobKind kind, List<TrainingJob.Stage> stages) {
        return new TrainingJob(
                jobId(plan.target(), plan.path(), plan.version(), kind),
                plan.target(),
                kind,
                plan.version(),
                stages,
                settings.seed(),
                clock.instant());
    }

    /** Idempotent by (target, path, plan version, kind). */
    static String jobId(String target, List<String> path, long planVersion, JobKind kind) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(
                    (target + "|" + String.join(">", path) + "|" + planVersion + "|" + kind.wire())
                            .getBytes(StandardCharsets.UTF_8));
            return "job-" + HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
