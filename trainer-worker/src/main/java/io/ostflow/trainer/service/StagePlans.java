package io.ostflow.trainer.service;

import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.trainer.model.FineTuning;
import io.ostflow.trainer.model.TrainingSettings;
import io.ostflow.trainer.reuse.StageKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What each training stage of a job trains on and how (docs/trainer.md, Transfer), decided from the
 * job and the recipe alone so that every stage's {@link StageKey} is known before anything trains.
 *
 * <p>Every stage on the target, whatever the job's kind, trains {@link
 * TrainingSettings#targetStageSteps()} steps on the same cases and validates on the same cases: up
 * to {@code targetValidationCases} of the target's labelled cases beyond its training budget, or,
 * where it has none to spare, the last case of the budget (when the budget has two or more); never
 * the target's held-out cases. Other stages train the recipe's pre-training or fine-tuning steps.
 */
final class StagePlans {
    private final TrainingSettings settings;

    StagePlans(TrainingSettings settings) {
        this.settings = settings;
    }

    /**
     * What a training stage trains on and how.
     *
     * @param cases the cases it trains on
     * @param validation the cases that pick its best checkpoint
     * @param schedule steps, what learns, rate, warm-up, new head
     * @param key its stage key
     * @param joint tasks trained together with its own
     */
    record StagePlan(
            List<String> cases,
            List<String> validation,
            StageKey.Schedule schedule,
            StageKey key,
            List<JointPlan> joint) {
        int steps() {
            return schedule.steps();
        }

        boolean frozen() {
            return schedule.freezeEncoder();
        }
    }

    /** A task trained together with a stage's own, and the cases it brings. */
    record JointPlan(TaskRegistered task, List<String> cases) {}

    /** The cases of a stage on the target: trained on, and validated on. */
    record Split(List<String> training, List<String> validation) {}

    /**
     * The plan of every stage (null for an evaluation), each keyed by the chain before it.
     *
     * @param stageTasks the task of every stage, in order
     * @param tasks looks up a joint task
     */
    List<StagePlan> of(
            TrainingJob job,
            List<TaskRegistered> stageTasks,
            Function<String, Optional<TaskRegistered>> tasks) {
        List<StagePlan> plans = new ArrayList<>();
        StageKey previous = null;
        TaskRegistered previousTask = null;
        for (int k = 0; k < job.stages().size(); k++) {
            TrainingJob.Stage stage = job.stages().get(k);
            if (!stage.type().trains()) {
                plans.add(null);
                continue;
            }
            TaskRegistered task = stageTasks.get(k);
            Split split = split(task, job.target(), stage.cases());
            List<JointPlan> joint = new ArrayList<>();
            List<StageKey.Joint> jointKeys = new ArrayList<>();
            for (TrainingJob.Joint j : stage.joint()) {
                TaskRegistered other = JobChecks.known(tasks, j.task(), stage);
                List<String> its = trainingCases(other, job.target(), j.cases());
                joint.add(new JointPlan(other, its));
                jointKeys.add(new StageKey.Joint(other, its));
            }
            StageKey.Schedule schedule = schedule(stage.type(), task, job.target(), previousTask);
            previous =
                    StageKey.of(
                            previous,
                            settings,
                            k,
                            stage.type(),
                            task,
                            split.training(),
                            split.validation(),
                            schedule,
                            jointKeys);
            plans.add(
                    new StagePlan(split.training(), split.validation(), schedule, previous, joint));
            previousTask = task;
        }
        return plans;
    }

    /** How a stage trains: its steps and, for a fine-tuning, the recipe's fine-tuning rules. */
    StageKey.Schedule schedule(
            StageType type, TaskRegistered task, String target, TaskRegistered previous) {
        boolean onTarget = task.task().toString().equals(target);
        boolean fineTuning = type == StageType.FINETUNE;
        int steps =
                onTarget
                        ? settings.targetStageSteps()
                        : fineTuning ? settings.finetuneSteps() : settings.pretrainSteps();
        if (!fineTuning) {
            return new StageKey.Schedule(steps, false, settings.learningRate(), 0, false);
        }
        FineTuning rules = settings.fineTuning();
        boolean newHead =
                rules.head()
                        .renews(
                                previous != null
                                        && !previous.task()
                                                .objective()
                                                .equals(task.task().objective()),
                                onTarget);
        return new StageKey.Schedule(
                steps,
                rules.freezesEncoder(),
                settings.learningRate() * rules.rateFactor(),
                rules.warmupSteps(),
                newHead);
    }

    /**
     * The cases a stage trains and validates on. On the target: the first {@code n} labelled cases
     * (its budget) and up to {@code targetValidationCases} labelled cases after them; where there
     * are none to spare, the budget's last case validates and the others train (a budget of one
     * case is not validated). Elsewhere the first n cases, validated on up to {@code
     * validationCases} further ones.
     */
    Split split(TaskRegistered task, String target, int n) {
        List<String> labelled = trainingCases(task, target, n);
        if (task.task().toString().equals(target)) {
            List<String> spare =
                    validationCases(task, target, labelled, settings.targetValidationCases());
            if (!spare.isEmpty() || settings.targetValidationCases() == 0 || labelled.size() < 2) {
                return new Split(labelled, spare);
            }
            int training = labelled.size() - 1;
            return new Split(
                    labelled.subList(0, training), labelled.subList(training, labelled.size()));
        }
        return new Split(
                labelled, validationCases(task, target, labelled, settings.validationCases()));
    }

    /**
     * The first n of the task's training cases; on the target without held-out cases, never the
     * fixed evaluation split.
     */
    static List<String> trainingCases(TaskRegistered task, String target, int n) {
        List<String> pool = labelledPool(task, target);
        return pool.subList(0, Math.min(n, pool.size()));
    }

    /**
     * Up to {@code wanted} of the task's training cases that the stage does not train on; on the
     * target never the fixed evaluation split.
     */
    static List<String> validationCases(
            TaskRegistered task, String target, List<String> training, int wanted) {
        return labelledPool(task, target).stream()
                .filter(c -> !training.contains(c))
                .limit(wanted)
                .toList();
    }

    /** The task's training cases, less the target's evaluation split where it has no held-out. */
    private static List<String> labelledPool(TaskRegistered task, String target) {
        List<String> pool = task.cases();
        if (task.task().toString().equals(target) && task.evaluationCases().isEmpty()) {
            pool = pool.subList(0, pool.size() - evaluationSplit(pool.size()));
        }
        return pool;
    }

    /** The held-out cases, else the last quarter of the training cases. */
    static List<String> evaluationCaseIds(TaskRegistered task) {
        if (!task.evaluationCases().isEmpty()) {
            return task.evaluationCases();
        }
        List<String> all = task.cases();
        return all.subList(all.size() - evaluationSplit(all.size()), all.size());
    }

    /** The last quarter of the training cases (at least one) is never trained on. */
    static int evaluationSplit(int cases) {
        return Math.max(1, (int) Math.ceil(cases / 4.0));
    }
}
