package io.ostflow.planner.messaging;

/** Channel names of the planner; the topics they map to are in application.properties. */
public final class Channels {
    public static final String TASKS = "tasks";
    public static final String EDGES = "edges";
    public static final String WEIGHTS = "weights";
    public static final String DATASETS_RECEIVED = "datasets-received";
    public static final String DATASETS_REGISTERED = "datasets-registered";
    public static final String DATASETS_REJECTED = "datasets-rejected";
    public static final String DATASETS_WITHDRAWN = "datasets-withdrawn";
    public static final String TRAINING_PROGRESS = "training-progress";
    public static final String TRAINING_RESULTS = "training-results";
    public static final String PREDICTIONS = "predictions";
    public static final String GRAPH = "graph";
    public static final String PLANS = "plans";
    public static final String JOBS = "jobs";
    public static final String WEIGHTS_OUT = "weights-out";
    public static final String AUDITS = "audits";

    /** Outgoing withdrawal requests, to the ingest-worker's {@code ostflow.site-changes}. */
    public static final String SITE_CHANGES_OUT = "site-changes-out";

    private Channels() {}
}
