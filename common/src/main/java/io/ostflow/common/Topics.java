package io.ostflow.common;

import java.util.List;

/**
 * Every Kafka topic of ostflow, in one place: services, tests, the local stack and the deployment
 * files use these names. docs/events.md describes each one.
 */
public final class Topics {
    /**
     * MinIO bucket notifications (MinIO's own JSON, not CloudEvents); key {@code bucket/object}.
     */
    public static final String STORAGE_EVENTS = "ostflow.storage-events";

    /**
     * {@code SiteChanged}: the ingest-worker's notifications re-keyed by site, so that the
     * instances of its consumer group split the sites; key = site.
     */
    public static final String SITE_CHANGES = "ostflow.site-changes";

    /** {@code DatasetReceived}: a drop version is being validated (pending); key = site. */
    public static final String DATASETS_RECEIVED = "ostflow.datasets.received";

    /** {@code DatasetRegistered}: a drop version became tasks; key = site. */
    public static final String DATASETS_REGISTERED = "ostflow.datasets.registered";

    /**
     * {@code DatasetRejected}: a drop version failed validation, with every problem; key = site.
     */
    public static final String DATASETS_REJECTED = "ostflow.datasets.rejected";

    /**
     * {@code DatasetWithdrawn}: a site took its data back, compacted; key = site. Its tasks get
     * tombstones on {@link #TASKS}.
     */
    public static final String DATASETS_WITHDRAWN = "ostflow.datasets.withdrawn";

    /** {@code TaskRegistered}, compacted; key = task id; a tombstone retires a withdrawn task. */
    public static final String TASKS = "ostflow.tasks";

    /** One record per task pair (H, R, w), compacted; key = the two task ids sorted. */
    public static final String EDGES = "ostflow.edges";

    /** {@code AffinityUpdated} and {@code AffinityFailed}; key = task id. */
    public static final String AFFINITY_EVENTS = "ostflow.affinity.events";

    /** The current edge-weight parameters (alpha, beta, c), compacted; key = {@code current}. */
    public static final String WEIGHTS = "ostflow.weights";

    /** {@code GraphReclustered}: clusters, representatives and the diff; key = {@code graph}. */
    public static final String GRAPH = "ostflow.graph";

    /** {@code Plan} per target, compacted; key = target task id. */
    public static final String PLANS = "ostflow.plans";

    /** {@code TrainingJob}s; key = job id. */
    public static final String JOBS = "ostflow.jobs";

    /** {@code TrainingProgress}; key = job id. */
    public static final String TRAINING_PROGRESS = "ostflow.training.progress";

    /** {@code TrainingCompleted} and {@code TrainingFailed}; key = job id. */
    public static final String TRAINING_RESULTS = "ostflow.training.results";

    /**
     * {@code PredictionsWritten}: the target site's own cases segmented by the model of the
     * target's sequential job, compacted; key = target task id.
     */
    public static final String PREDICTIONS = "ostflow.predictions";

    /**
     * {@code AuditScheduled}: an audit's candidates and their jobs, compacted; key = audit id. The
     * planner reads it back at start.
     */
    public static final String AUDITS = "ostflow.audits";

    /** Suffix of the dead-letter topic of a consuming channel. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    /**
     * Topics the planner reads from the beginning at every start to rebuild its state (the graph,
     * plans, jobs, results, models, audits, predictions and the datasets ledger): each is
     * compacted, since a record that expired would be state lost at the next restart. Training
     * progress is read too but is not state.
     */
    public static final List<String> REBUILT_ON_START =
            List.of(
                    DATASETS_RECEIVED,
                    DATASETS_REGISTERED,
                    DATASETS_REJECTED,
                    DATASETS_WITHDRAWN,
                    TASKS,
                    EDGES,
                    WEIGHTS,
                    PLANS,
                    JOBS,
                    TRAINING_RESULTS,
                    PREDICTIONS,
                    AUDITS);

    /**
     * Topics whose latest record per key is the state: created with cleanup.policy=compact. They
     * are exactly the topics the planner rebuilds from at every start ({@link #REBUILT_ON_START}),
     * so none of those may expire.
     */
    public static final List<String> COMPACTED = REBUILT_ON_START;

    /** All topics, in pipeline order. */
    public static final List<String> ALL =
            List.of(
                    STORAGE_EVENTS,
                    SITE_CHANGES,
                    DATASETS_RECEIVED,
                    DATASETS_REGISTERED,
                    DATASETS_REJECTED,
                    DATASETS_WITHDRAWN,
                    TASKS,
                    EDGES,
                    AFFINITY_EVENTS,
                    WEIGHTS,
                    GRAPH,
                    PLANS,
                    JOBS,
                    TRAINING_PROGRESS,
                    TRAINING_RESULTS,
                    PREDICTIONS,
                    AUDITS);

    private Topics() {}

    /** The dead-letter topic of the channel that consumes {@code topic}. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
