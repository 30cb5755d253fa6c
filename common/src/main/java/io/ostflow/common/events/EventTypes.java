package io.ostflow.common.events;

/**
 * CloudEvents {@code type} attribute of every ostflow event ({@code io.ostflow.<noun>.<verb>}).
 * Events travel in binary mode: the payload is the record's JSON, the attributes are {@code ce_*}
 * Kafka headers.
 */
public final class EventTypes {
    public static final String DATASET_RECEIVED = "io.ostflow.dataset.received";
    public static final String DATASET_REGISTERED = "io.ostflow.dataset.registered";
    public static final String DATASET_REJECTED = "io.ostflow.dataset.rejected";
    public static final String DATASET_WITHDRAWN = "io.ostflow.dataset.withdrawn";
    public static final String SITE_CHANGED = "io.ostflow.site.changed";
    public static final String TASK_REGISTERED = "io.ostflow.task.registered";
    public static final String EDGE_COMPUTED = "io.ostflow.edge.computed";
    public static final String AFFINITY_UPDATED = "io.ostflow.affinity.updated";
    public static final String AFFINITY_FAILED = "io.ostflow.affinity.failed";
    public static final String WEIGHTS_CHANGED = "io.ostflow.weights.changed";
    public static final String GRAPH_RECLUSTERED = "io.ostflow.graph.reclustered";
    public static final String PLAN_UPDATED = "io.ostflow.plan.updated";
    public static final String JOB_ENQUEUED = "io.ostflow.job.enqueued";
    public static final String TRAINING_PROGRESS = "io.ostflow.training.progress";
    public static final String TRAINING_COMPLETED = "io.ostflow.training.completed";
    public static final String TRAINING_FAILED = "io.ostflow.training.failed";
    public static final String PREDICTIONS_WRITTEN = "io.ostflow.predictions.written";
    public static final String AUDIT_SCHEDULED = "io.ostflow.audit.scheduled";

    /** CloudEvents {@code source} prefix; services append their name. */
    public static final String SOURCE_PREFIX = "urn:ostflow:";

    private EventTypes() {}
}
