package io.ostflow.planner.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.planner.rest.ApiAccess.Decision;
import io.ostflow.planner.rest.ApiAccess.Mode;
import io.ostflow.planner.rest.ApiAccess.Role;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiAccessTest {
    private final ApiAccess closed =
            new ApiAccess(Mode.TOKEN, Optional.of("r3ad"), Optional.of("wr1te"));

    @Test
    void inTokenModeOnlyHealthIsOpen() {
        assertThat(closed.decide("/api/tasks", null, null, null)).isEqualTo(Decision.DENY);
        assertThat(closed.decide("/", null, null, null)).isEqualTo(Decision.DENY);
        assertThat(closed.decide("/q/metrics", null, null, null)).isEqualTo(Decision.DENY);
        assertThat(closed.decide("/q/health/ready", null, null, null)).isEqualTo(Decision.ALLOW);
    }

    @Test
    void theViewerOrTheOperatorTokenOpensReads() {
        assertThat(closed.decide("/api/tasks", "Bearer r3ad", null, null))
                .isEqualTo(Decision.ALLOW);
        assertThat(closed.decide("/api/tasks", "Bearer wr1te", null, null))
                .isEqualTo(Decision.ALLOW);
        assertThat(closed.decide("/api/tasks", "Bearer wrong", null, null))
                .isEqualTo(Decision.DENY);
        assertThat(closed.decide("/api/tasks", "r3ad", null, null))
                .as("not a bearer header")
                .isEqualTo(Decision.DENY);
        assertThat(closed.decide("/dashboard.js", null, "r3ad", null)).isEqualTo(Decision.ALLOW);
        assertThat(closed.decide("/", null, null, "r3ad")).isEqualTo(Decision.ALLOW_AND_SET_COOKIE);
        assertThat(closed.decide("/", null, "stale", "wrong")).isEqualTo(Decision.DENY);
    }

    @Test
    void rolesComeFromTheTokens() {
        assertThat(closed.roleOfHeader("Bearer r3ad")).contains(Role.VIEWER);
        assertThat(closed.roleOfHeader("Bearer wr1te")).contains(Role.OPERATOR);
        assertThat(closed.roleOfHeader("Bearer r3ad2")).isEmpty();
        assertThat(closed.roleOfHeader(null)).isEmpty();
        assertThat(closed.mutationsEnabled()).isTrue();
    }

    @Test
    void tokenModeWithoutAnyTokenRefusesEveryoneAndSaysWhy() {
        ApiAccess none = new ApiAccess(Mode.TOKEN, Optional.of(" "), Optional.empty());
        assertThat(none.closedToEveryone()).as("a blank token is no token").isTrue();
        assertThat(none.decide("/api/tasks", "Bearer  ", null, null)).isEqualTo(Decision.DENY);
        assertThat(none.denial()).contains("no token configured", "ostflow.planner.auth=none");
        assertThat(none.mutationsEnabled()).isFalse();
    }

    @Test
    void modeNoneOpensReadsButNotMutations() {
        ApiAccess open = new ApiAccess(Mode.NONE, Optional.empty(), Optional.of("wr1te"));
        assertThat(open.decide("/api/tasks", null, null, null)).isEqualTo(Decision.ALLOW);
        assertThat(open.closedToEveryone()).isFalse();
        assertThat(open.roleOfHeader(null)).isEmpty();
        assertThat(open.roleOfHeader("Bearer wr1te")).contains(Role.OPERATOR);
    }
}
