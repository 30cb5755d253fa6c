package io.ostflow.trainer.model;

import ai.djl.training.optimizer.Optimizer;

/** The optimiser of every training stage, with its wire name in settings. */
public enum OptimizerKind {
    /** Adam (the paper's choice) with a poly learning-rate decay. */
    ADAM("adam"),
    /** nnU-Net's SGD with Nesterov momentum 0.99 and a poly learning-rate decay. */
    SGD_NESTEROV("sgd-nesterov");

    private final String wireName;

    OptimizerKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The kind of a setting's value, or an exception naming the valid ones. */
    public static OptimizerKind parse(String value) {
        for (OptimizerKind kind : values()) {
            if (kind.wireName.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("optimizer must be adam or sgd-nesterov, was " + value);
    }

    /** This kind's optimiser, its rate following {@code rate}. */
    Optimizer build(PolyDecay rate) {
        return switch (this) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(rate).build();
            case SGD_NESTEROV ->
                    Optimizer.nag()
                            .setLearningRateTracker(rate)
                            .setMomentum(0.99f)
                            .optWeightDecays(3e-5f)
                            .build();
        };
    }
}
