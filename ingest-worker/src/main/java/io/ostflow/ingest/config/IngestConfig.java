package io.ostflow.ingest.config;

import io.ostflow.common.config.S3Config;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every setting of the ingest-worker (docs/configuration.md has the table). */
@ConfigMapping(prefix = "ostflow")
public interface IngestConfig {

    /** Object store. */
    S3Config s3();

    /** Ingest behaviour. */
    Ingest ingest();

    interface Ingest {
        /** G: volumes are resized to G x G x G before PCA (docs/algorithm.md, 2.2). */
        @WithDefault("128")
        int grid();

        /** Cumulative explained-variance fraction the kept components must exceed (2.4). */
        @WithDefault("0.75")
        double varianceFraction();

        /** Largest accepted declared voxel data of one volume, bytes. */
        @WithDefault("536870912")
        long maxVoxelBytes();

        /** Largest accepted object in the landing bucket, bytes. */
        @WithDefault("1073741824")
        long maxObjectBytes();

        /** How often an incomplete drop is listed again before it is rejected. */
        @WithDefault("5")
        int completionRetries();

        /** Wait between two listings of an incomplete drop. */
        @WithDefault("2s")
        Duration completionDelay();

        /**
         * How long a registered site may be without its dataset.json before it is withdrawn (a sync
         * that rewrites the descriptor within it withdraws nothing).
         */
        @WithDefault("30s")
        Duration withdrawalGrace();

        /**
         * Attempts at a drop whose object store could not answer, before its record is
         * dead-lettered with the reason (never rejected).
         */
        @WithDefault("4")
        int storageAttempts();

        /** Wait before the second such attempt; doubled before each next one. */
        @WithDefault("2s")
        Duration storageBackoff();

        /** How often the landing bucket is listed to catch drops whose notification was lost. */
        @WithDefault("5m")
        String reconcileEvery();

        /** Delay of the first reconciliation after start. */
        @WithDefault("5s")
        String reconcileDelay();

        /**
         * Relative tolerance within which every channel and the label map of a case must agree with
         * channel 0 in spacing and origin (times the larger magnitude, at least 1 mm) and in
         * direction cosines.
         */
        @WithDefault("1e-4")
        double geometryTolerance();

        /**
         * Decoded bytes the cases being read may hold at once (bytes; a case reserves its volumes'
         * declared voxels as floats before reading them; one that needs more is rejected).
         */
        @WithDefault("1073741824")
        long memoryBudget();

        /**
         * Registrations of one drop version that may stop the worker without a decision (killed:
         * out of memory, a crash) before that version is rejected CRASHED_REPEATEDLY.
         */
        @WithDefault("3")
        int maxCrashes();

        /** Problems of one reason listed in a rejection; the rest are counted in one more. */
        @WithDefault("20")
        int maxProblemsPerReason();

        /** Threads that fingerprint cases in parallel; 0 means one per core. */
        @WithDefault("0")
        int parallelism();
    }
}
