package io.ostflow.trainer.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Which failed jobs are left for the next trainer instead of dead-lettered. */
class JobsFailureStrategyTest {
    @Test
    void aJobTheClosingWorkerPoolRejectedIsLeftForTheNextTrainer() {
        var rejected = new RejectedExecutionException("WorkerPoolRegistry is being shut down");
        assertThat(JobsFailureStrategy.notStarted(rejected, false)).isTrue();
        assertThat(JobsFailureStrategy.notStarted(new CompletionException(rejected), false))
                .isTrue();
    }

    @Test
    void anyFailureWhileStoppingIsLeftAndOtherwiseDeadLettered() {
        var outage = new IllegalStateException("the object store did not answer");
        assertThat(JobsFailureStrategy.notStarted(outage, true)).isTrue();
        assertThat(JobsFailureStrategy.notStarted(outage, false)).isFalse();
    }
}
