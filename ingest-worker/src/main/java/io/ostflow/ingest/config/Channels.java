package io.ostflow.ingest.config;

/** Channel names of the ingest-worker; the topics they map to are in application.properties. */
public final class Channels {
    /** Incoming MinIO notifications ({@code ostflow.storage-events}). */
    public static final String STORAGE_EVENTS = "storage-events";

    /**
     * Outgoing {@code SiteChanged} ({@code ostflow.site-changes}): the notifications re-keyed by
     * site.
     */
    public static final String SITE_CHANGES_OUT = "site-changes-out";

    /** Incoming {@code SiteChanged} ({@code ostflow.site-changes}): one partition per site set. */
    public static final String SITE_CHANGES = "site-changes";

    /** Outgoing {@code TaskRegistered} ({@code ostflow.tasks}). */
    public static final String TASKS = "tasks";

    /** Outgoing {@code DatasetReceived} ({@code ostflow.datasets.received}). */
    public static final String DATASETS_RECEIVED = "datasets-received";

    /** Outgoing {@code DatasetRegistered} ({@code ostflow.datasets.registered}). */
    public static final String DATASETS_REGISTERED = "datasets-registered";

    /** Outgoing {@code DatasetRejected} ({@code ostflow.datasets.rejected}). */
    public static final String DATASETS_REJECTED = "datasets-rejected";

    /** Outgoing {@code DatasetWithdrawn} ({@code ostflow.datasets.withdrawn}). */
    public static final String DATASETS_WITHDRAWN = "datasets-withdrawn";

    private Channels() {}
}
