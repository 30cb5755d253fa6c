package io.ostflow.trainer.listener;

import io.ostflow.common.Json;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.trainer.service.JobChecks;
import java.io.IOException;
import java.util.Optional;

/**
 * A record of the jobs topic: its job, or why it is a {@code BAD_JOB}: unreadable, or an id that is
 * not one safe object-key segment (checked before the id names any object: the job's state, lease
 * and weights live under it).
 *
 * @param job the job, null when it is a bad one
 * @param problem why it is a bad job, null when it is not
 */
record JobRecord(TrainingJob job, String problem) {
    static JobRecord read(String value) {
        try {
            TrainingJob job = Json.mapper().readValue(value, TrainingJob.class);
            Optional<String> badId = JobChecks.jobIdProblem(job.jobId());
            return badId.map(p -> new JobRecord(null, p)).orElseGet(() -> new JobRecord(job, null));
        } catch (IOException | RuntimeException e) {
            return new JobRecord(null, "not a TrainingJob: " + e.getMessage());
        }
    }
}
