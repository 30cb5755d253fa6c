package io.ostflow.trainer.model;

import java.util.ArrayList;
import java.util.List;

/** The reports of one stage, as they are made. */
final class StageCurves {
    final List<Integer> steps = new ArrayList<>();
    final List<Double> loss = new ArrayList<>();
    final List<Double> validation = new ArrayList<>();

    void add(int step, double meanLoss, Double dice) {
        steps.add(step);
        loss.add(meanLoss);
        if (dice != null) {
            validation.add(dice);
        }
    }
}
