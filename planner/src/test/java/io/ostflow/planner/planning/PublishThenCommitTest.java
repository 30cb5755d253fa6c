package io.ostflow.planner.planning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A replan is recorded only once it reached the topics: a publish that fails loses nothing, the
 * next attempt publishes the same graph, plans and jobs again.
 */
class PublishThenCommitTest {
    @Test
    void aReplanWhosePublishFailedIsPreparedAgainWhole() {
        PlanningEngine engine = PlanningEngineTest.engine(PlanningEngineTest.edges(1));

        PlanningEngine.Result first = engine.prepareReplan().result(); // its publish failed
        PlanningEngine.PreparedReplan retry = engine.prepareReplan();
        PlanningEngine.Result retried = retry.result();

        assertThat(retried.graph()).as("the reclustering again").isPresent();
        assertThat(retried.graph().get().version()).isEqualTo(first.graph().get().version());
        assertThat(retried.plans()).isNotEmpty().isEqualTo(first.plans());
        assertThat(retried.jobs()).isNotEmpty().isEqualTo(first.jobs());
        assertThat(engine.plans()).as("nothing recorded before the commit").isEmpty();
        assertThat(engine.jobs()).isEmpty();

        engine.commitReplan(retry);

        assertThat(engine.plans()).isEqualTo(retried.plans());
        assertThat(engine.jobs()).hasSameSizeAs(retried.jobs());
        PlanningEngine.Result after = engine.prepareReplan().result();
        assertThat(after.graph()).as("committed: nothing new").isEmpty();
        assertThat(after.plans()).isEmpty();
        assertThat(after.jobs()).isEmpty();
    }
}
