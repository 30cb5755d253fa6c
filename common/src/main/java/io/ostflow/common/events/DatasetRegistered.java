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
 * @param unlabelledCases number of cases in {@code imagesTs} without a label map
 * @param tasks the tasks it became, sorted
 * @param warnings files that were ignored as not part of the dataset (README, hidden files ...)
 * @param registeredAt when it was registered
 */
public record DatasetRegistered(
        String site,
        String datasetVersion,
        Role role,
        int cases,
        int heldOutCases,
        int unlabelledCases,
        List<TaskId> tasks,
        List<Problem> warnings,
        Instant registeredAt) {
    public DatasetRegistered {
        tasks = List.copyOf(tasks);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
