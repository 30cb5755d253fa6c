package io.ostflow.ingest.service;

import io.ostflow.common.events.DatasetReceived;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.events.DatasetRejected;
import io.ostflow.common.events.TaskRegistered;
import java.util.List;

/** Where the ingest-worker's events go. Each call returns once the broker has them durably. */
public interface IngestEvents {
    void datasetReceived(DatasetReceived event);

    void tasksRegistered(List<TaskRegistered> tasks);

    void datasetRegistered(DatasetRegistered event);

    void datasetRejected(DatasetRejected event);
}
