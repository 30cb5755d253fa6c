package io.ostflow.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A job id names the job's folder of the models bucket: one safe key segment or a BAD_JOB. */
class JobIdTest {
    @Test
    void thePlannersIdsAreSafe() {
        assertThat(JobChecks.jobIdProblem("job-3fa4c1d2e0b19a77")).isEmpty();
        assertThat(JobChecks.jobIdProblem("job-tiny-123.4_5")).isEmpty();
    }

    @Test
    void anIdThatCouldNameAnotherFolderIsRejected() {
        for (String bad :
                new String[] {
                    "../models", "a/b", "", ".hidden", "x..y", "job\n1", "-flag", "a".repeat(129)
                }) {
            assertThat(JobChecks.jobIdProblem(bad)).as(bad).isPresent();
        }
        assertThat(JobChecks.jobIdProblem(null)).isPresent();
    }
}
