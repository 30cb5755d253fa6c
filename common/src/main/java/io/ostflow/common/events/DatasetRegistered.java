package io.ostflow.common.events;

import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import java.time.Instant;
import java.util.List;

/**
 * Summary published after every {@link TaskRegistered} of a drop version is durable.
 *
 * @param site the uploading site
 * @param datasetVersion content hash of the drop
 * @param role role of all its tasks
 * @param cases number of labelled training cases (Omega of each task)
 * @param heldOutCases number of evaluation cases ({@code imagesTs})
 * @param tasks the tasks it became, sorted
 * @param registeredAt when it was registered
 */
public record DatasetRegistered(
        String site,
        String datasetVersion,
        Role role,
        int cases,
        int heldOutCases,
        List<TaskId> tasks,
        Instant registeredAt) {
    public DatasetRegistered {
        tasks = List.copyOf(tasks);
    }
}
