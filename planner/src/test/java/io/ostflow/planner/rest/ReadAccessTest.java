package io.ostflow.planner.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.planner.rest.ReadAccess.Decision;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadAccessTest {
    private final ReadAccess guarded = new ReadAccess(Optional.of("r3ad"), Optional.of("wr1te"));

    @Test
    void withoutAReadTokenEverythingIsOpen() {
        ReadAccess open = new ReadAccess(Optional.empty(), Optional.of("wr1te"));
        assertThat(open.decide("/api/tasks", null, null, null)).isEqualTo(Decision.ALLOW);
        assertThat(new ReadAccess(Optional.of(" "), Optional.empty()).decide("/", null, null, null))
                .as("a blank token is no token")
                .isEqualTo(Decision.ALLOW);
    }

    @Test
    void withAReadTokenOnlyHealthIsOpen() {
        assertThat(guarded.decide("/api/tasks", null, null, null)).isEqualTo(Decision.DENY);
        assertThat(guarded.decide("/", null, null, null)).isEqualTo(Decision.DENY);
        assertThat(guarded.decide("/q/metrics", null, null, null)).isEqualTo(Decision.DENY);
        assertThat(guarded.decide("/q/health/ready", null, null, null)).isEqualTo(Decision.ALLOW);
    }

    @Test
    void theReadOrTheMutationTokenOpensIt() {
        assertThat(guarded.decide("/api/tasks", "Bearer r3ad", null, null))
                .isEqualTo(Decision.ALLOW);
        assertThat(guarded.decide("/api/tasks", "Bearer wr1te", null, null))
                .isEqualTo(Decision.ALLOW);
        assertThat(guarded.decide("/api/tasks", "Bearer wrong", null, null))
                .isEqualTo(Decision.DENY);
        assertThat(guarded.decide("/api/tasks", "r3ad", null, null))
                .as("not a bearer header")
                .isEqualTo(Decision.DENY);
        assertThat(guarded.decide("/dashboard.js", null, "r3ad", null)).isEqualTo(Decision.ALLOW);
        assertThat(guarded.decide("/", null, null, "r3ad"))
                .isEqualTo(Decision.ALLOW_AND_SET_COOKIE);
        assertThat(guarded.decide("/", null, "stale", "wrong")).isEqualTo(Decision.DENY);
    }
}
