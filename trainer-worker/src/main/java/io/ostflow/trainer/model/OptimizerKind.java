package io.ostflow.trainer.model;

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
}
