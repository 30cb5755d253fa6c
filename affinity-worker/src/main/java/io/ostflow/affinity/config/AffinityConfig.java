package io.ostflow.affinity.config;

import io.ostflow.common.config.S3Config;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/** Every setting of the affinity-worker (docs/configuration.md has the table). */
@ConfigMapping(prefix = "ostflow")
public interface AffinityConfig {

    /** Object store. */
    S3Config s3();

    /** Affinity computation. */
    Affinity affinity();

    interface Affinity {
        /** alpha: weight of H until the planner publishes calibrated weights (eq. 5). */
        @WithDefault("0.0044")
        double alpha();

        /** beta: weight of R (the authors' released value). */
        @WithDefault("-2.4756")
        double beta();

        /** c: constant of the weight; with beta below 0 at least -beta, so no edge is negative. */
        @WithDefault("2.4756")
        double c();

        /** none, or minmax: H and R scaled to [0, 1] over all known pairs before weighting. */
        @WithDefault("none")
        String normalisation();

        /** Sample pairs. */
        Pairs pairs();

        /** SSIM constants. */
        Ssim ssim();

        /**
         * Attempts at a task whose fingerprints the object store could not deliver, before its
         * record is dead-lettered with the reason (never an AffinityFailed verdict).
         */
        @WithDefault("4")
        int storageAttempts();

        /** Wait before the second such attempt; doubled before each next one. */
        @WithDefault("2s")
        java.time.Duration storageBackoff();
    }

    interface Pairs {
        /** K: at most K cases per side across sites (K x K pairs); unset means all pairs. */
        OptionalInt maxPerSide();

        /** Seed of that sample. */
        @WithDefault("42")
        long seed();
    }

    interface Ssim {
        /** K1 (authors: 0.3). */
        @WithDefault("0.3")
        double k1();

        /** K2 (authors: 0.3). */
        @WithDefault("0.3")
        double k2();

        /** L, the dynamic range of a mask. */
        @WithDefault("1")
        double range();
    }
}
