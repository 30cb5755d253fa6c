package io.ostflow.trainer.model;

/**
 * How a fine-tuning stage trains (docs/trainer.md, Transfer): the paper's frozen encoder by
 * default, the whole network as an option, each with its own rate, warm-up and head rule.
 *
 * @param scope what learns: the decoder only (encoder frozen, the paper's method) or every layer
 * @param rateFactor the fine-tuning stages' initial learning rate as a multiple of the recipe's
 * @param warmupSteps steps of linear warm-up from 0 to that rate before the poly decay (0: none)
 * @param newHeadOnObjectiveChange re-initialise the output head when the stage's objective differs
 *     from the previous stage's (nnU-Net never transfers heads)
 */
public record FineTuning(
        Scope scope, float rateFactor, int warmupSteps, boolean newHeadOnObjectiveChange) {

    /** What a fine-tuning stage trains. */
    public enum Scope {
        /** The decoder and head; the encoder frozen (the paper's method). */
        DECODER,
        /** Every layer. */
        WHOLE_NETWORK;

        /** The setting's value: {@code decoder} or {@code whole-network}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** Parses {@link #wire()}. */
        public static Scope parse(String value) {
            for (Scope s : values()) {
                if (s.wire().equals(value)) {
                    return s;
                }
            }
            throw new IllegalArgumentException(
                    "fine-tuning scope must be decoder or whole-network, was " + value);
        }
    }

    public FineTuning {
        if (scope == null) {
            throw new IllegalArgumentException("a fine-tuning scope is required");
        }
        if (!(rateFactor > 0) || !Float.isFinite(rateFactor)) {
            throw new IllegalArgumentException("rateFactor must be positive, was " + rateFactor);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must not be negative");
        }
    }

    /** The paper's fine-tuning: encoder frozen, the recipe's rate, no warm-up, head kept. */
    public static FineTuning paper() {
        return new FineTuning(Scope.DECODER, 1f, 0, false);
    }

    /** Whether the encoder stays frozen. */
    public boolean freezesEncoder() {
        return scope == Scope.DECODER;
    }

    public FineTuning withScope(Scope value) {
        return new FineTuning(value, rateFactor, warmupSteps, newHeadOnObjectiveChange);
    }

    public FineTuning withRateFactor(float value) {
        return new FineTuning(scope, value, warmupSteps, newHeadOnObjectiveChange);
    }

    public FineTuning withWarmupSteps(int value) {
        return new FineTuning(scope, rateFactor, value, newHeadOnObjectiveChange);
    }

    public FineTuning withNewHead(boolean value) {
        return new FineTuning(scope, rateFactor, warmupSteps, value);
    }
}
