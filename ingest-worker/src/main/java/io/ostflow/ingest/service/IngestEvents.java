package io.ostflow.ingest.service;

import io.ostflow.common.events.DatasetReceived;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.events.DatasetRejected;
import io.ostflow.common.events.DatasetWithdrawn;
import io.ostflow.common.events.SiteChanged;
import io.ostflow.common.events.TaskRegistered;
import java.util.List;

/** Where the ingest-worker's events go. Each call returns once the broker has them durably. */
public interface IngestEvents {
    /** Hands a site's change to the group member that owns the site's partition. */
    void siteChanged(SiteChanged event);

    void datasetReceived(DatasetReceived event);

    void tasksRegistered(List<TaskRegistered> tasks);

    void datasetRegistered(DatasetRegistered event);

    void datasetRejected(DatasetRejected event);

    /** Retires tasks: a tombstone per task id on the tasks topic. */
    void tasksWithdrawn(List<String> tasks);

    void datasetWithdrawn(DatasetWithdrawn event);
}
