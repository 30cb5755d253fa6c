package io.ostflow.planner.evaluation.audit;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.planner.ledger.TrainingBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The stages of an audit candidate on the planner's budget: scratch trains on the target's F cases;
 * direct pre-trains on D cases of its source; sequential as {@link TrainingBudget#of} caps it;
 * multi-task pre-trains the path's tasks at once on the sequential job's cases; each transfer then
 * fine-tunes on F target cases, and every candidate ends with an evaluation. O(path length).
 */
final class CandidateStages {
    private final TrainingBudget budget;

    CandidateStages(TrainingBudget budget) {
        this.budget = budget;
    }

    List<TrainingJob.Stage> of(
            JobKind kind,
            List<String> sources,
            String target,
            Function<String, OptionalInt> available) {
        int targetCases = budget.target(target, available);
        List<TrainingJob.Stage> stages = new ArrayList<>();
        switch (kind) {
            case SCRATCH -> stages.add(stage(StageType.PRETRAIN, target, targetCases));
            case DIRECT -> {
                String source = sources.get(0);
                stages.add(stage(StageType.PRETRAIN, source, budget.direct(source, available)));
                stages.add(stage(StageType.FINETUNE, target, targetCases));
            }
            case SEQUENTIAL -> {
                TrainingBudget.Cases cases = budget.of(sources, target, available);
                stages.add(stage(StageType.PRETRAIN, sources.get(0), cases.sequentialPretrain()));
                for (int i = 1; i < sources.size(); i++) {
                    stages.add(
                            stage(
                                    StageType.FINETUNE,
                                    sources.get(i),
                                    cases.intermediates().get(i - 1)));
                }
                stages.add(stage(StageType.FINETUNE, target, cases.target()));
            }
            case MULTITASK -> {
                // the sequential job's cases, trained at once instead of one task after another
                TrainingBudget.Cases cases = budget.of(sources, target, available);
                List<TrainingJob.Joint> joint = new ArrayList<>();
                for (int i = 1; i < sources.size(); i++) {
                    joint.add(
                            new TrainingJob.Joint(
                                    sources.get(i), cases.intermediates().get(i - 1)));
                }
                stages.add(
                        new TrainingJob.Stage(
                                StageType.PRETRAIN,
                                sources.get(0),
                                cases.sequentialPretrain(),
                                joint));
                stages.add(stage(StageType.FINETUNE, target, cases.target()));
            }
            default -> throw new IllegalArgumentException("an audit does not train " + kind);
        }
        stages.add(stage(StageType.EVALUATE, target, 0));
        return List.copyOf(stages);
    }

    private static TrainingJob.Stage stage(StageType type, String task, int cases) {
        return new TrainingJob.Stage(type, task, cases);
    }
}
