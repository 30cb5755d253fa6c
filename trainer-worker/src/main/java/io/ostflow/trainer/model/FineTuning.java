package io.ostflow.trainer.model;

/**
 * How a fine-tuning stage trains (docs/trainer.md, Transfer): the paper's frozen encoder by
 * default, the whole network as an option, each with its own rate, warm-up and head rule.
 *
 * @param scope what learns: the decoder only (encoder frozen, the paper's method) or every layer
 * @param rateFactor the fine-tuning stages' initial learning rate as a multiple of the recipe's
 * @param warmupSteps steps of linear warm-up from 0 to that rate before the poly decay (0: none)
 * @param head when a fine-tuning stage starts from a re-initialised output head instead of the
 *     incoming one
 */
public record FineTuning(Scope scope, float rateFactor, int warmupSteps, HeadRule head) {

    /**
     * When a fine-tuning stage re-initialises the output head (the last 1x1 convolution and its
     * bias) instead of keeping the incoming model's. nnU-Net never transfers heads; the paper keeps
     * them.
     */
    public enum HeadRule {
        /** Always keep the incoming head (the paper's method). */
        KEEP,
        /** A new head when the stage's objective differs from the previous stage's. */
        OBJECTIVE_CHANGE,
        /**
         * A new head for the stage on the target: whatever earlier stages taught the head (an
         * intermediate task where the target's structure is faint can leave it saturated on
         * background, which a frozen encoder escapes slowly) is relearnt from the target's cases.
         */
        TARGET;

        /** The setting's value: {@code keep}, {@code objective-change} or {@code target}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** Parses {@link #wire()}. */
        public static HeadRule parse(String value) {
            for (HeadRule r : values()) {
                if (r.wire().equals(value)) {
                    return r;
                }
            }
            throw new IllegalArgumentException(
                    "fine-tuning new-head must be keep, objective-change or target, was " + value);
        }

        /**
         * Whether a stage starts from a new head.
         *
         * @param objectiveChanges the stage's objective differs from the previous stage's
         * @param onTarget the stage trains on the job's target
         */
        public boolean renews(boolean objectiveChanges, boolean onTarget) {
            return switch (this) {
                case KEEP -> false;
                case OBJECTIVE_CHANGE -> objectiveChanges;
                case TARGET -> onTarget;
            };
        }
    }

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
        if (head == null) {
            throw new IllegalArgumentException("a head rule is required");
        }
    }

    /** The paper's fine-tuning: encoder frozen, the recipe's rate, no warm-up, head kept. */
    public static FineTuning paper() {
        return new FineTuning(Scope.DECODER, 1f, 0, HeadRule.KEEP);
    }

    /**
     * ostflow's defaults: the paper's, with a new head for the stage on the target (measured in
     * docs/trainer.md, Transfer: it removes the collapse of cross-modality paths).
     */
    public static FineTuning defaults() {
        return paper().withHead(HeadRule.TARGET);
    }

    /** Whether the encoder stays frozen. */
    public boolean freezesEncoder() {
        return scope == Scope.DECODER;
    }

    public FineTuning withScope(Scope value) {
        return new FineTuning(value, rateFactor, warmupSteps, head);
    }

    public FineTuning withRateFactor(float value) {
        return new FineTuning(scope, value, warmupSteps, head);
    }

    public FineTuning withWarmupSteps(int value) {
        return new FineTuning(scope, rateFactor, value, head);
    }

    public FineTuning withHead(HeadRule value) {
        return new FineTuning(scope, rateFactor, warmupSteps, value);
    }
}
