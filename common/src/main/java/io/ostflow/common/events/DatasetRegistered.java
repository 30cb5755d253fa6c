package io.ostflow.common.events;

import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
 * @param imported for a drop written by {@code ostflow import}: the release and the subject id of
 *     every case (from the site's {@code subjects.csv}); absent otherwise
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
        Instant registeredAt,
        Imported imported) {
    public DatasetRegistered {
        tasks = List.copyOf(tasks);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A drop not imported. */
    public DatasetRegistered(
            String site,
            String datasetVersion,
            Role role,
            int cases,
            int heldOutCases,
            int unlabelledCases,
            List<TaskId> tasks,
            List<Problem> warnings,
            Instant registeredAt) {
        this(
                site,
                datasetVersion,
                role,
                cases,
                heldOutCases,
                unlabelledCases,
                tasks,
                warnings,
                registeredAt,
                null);
    }

    /** The same event with its import provenance. */
    public DatasetRegistered withImported(Imported provenance) {
        return new DatasetRegistered(
                site,
                datasetVersion,
                role,
                cases,
                heldOutCases,
                unlabelledCases,
                tasks,
                warnings,
                registeredAt,
                provenance);
    }

    /**
     * Where an imported drop came from.
     *
     * @param format the release's format ({@code msd}, {@code wmh}, ...)
     * @param release the release folder's name
     * @param subjects case id to the release's subject id, for the drop's cases (empty when the
     *     site holds no readable {@code subjects.csv})
     */
    public record Imported(String format, String release, Map<String, String> subjects) {
        public Imported {
            subjects = subjects == null ? Map.of() : new java.util.TreeMap<>(subjects);
        }
    }
}
