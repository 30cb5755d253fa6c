package io.ostflow.planner.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ostflow.planner.config.AuthMode;
import io.ostflow.planner.web.ApiAccess.Decision;
import io.ostflow.planner.web.ApiAccess.Role;
import io.ostflow.planner.web.ApiAccess.Source;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiAccessTest {
    private final ApiAccess closed =
            new ApiAccess(AuthMode.TOKEN, Optional.of("r3ad"), Optional.of("wr1te"));

    private static Decision read(ApiAccess access, String header, String cookie, String query) {
        return access.decide(access.callerOfToken(ApiAccess.presented(header, cookie, query)));
    }

    private static Optional<Role> roleOfHeader(ApiAccess access, String header) {
        return access.callerOfToken(ApiAccess.presented(header, null, null)).role();
    }

    @Test
    void inTokenModeOnlyHealthIsOpen() {
        assertThat(read(closed, null, null, null)).isEqualTo(Decision.DENY);
        assertThat(ApiAccess.open("/q/health/ready")).isTrue();
        assertThat(ApiAccess.open("/q/metrics")).isFalse();
        assertThat(ApiAccess.open("/")).isFalse();
    }

    @Test
    void theViewerOrTheOperatorTokenOpensReads() {
        assertThat(read(closed, "Bearer r3ad", null, null)).isEqualTo(Decision.ALLOW);
        assertThat(read(closed, "Bearer wr1te", null, null)).isEqualTo(Decision.ALLOW);
        assertThat(read(closed, "bearer r3ad", null, null))
                .as("the scheme is case-insensitive")
                .isEqualTo(Decision.ALLOW);
        assertThat(read(closed, "Bearer wrong", null, null)).isEqualTo(Decision.DENY);
        assertThat(read(closed, "r3ad", null, null))
                .as("not a bearer header")
                .isEqualTo(Decision.DENY);
        assertThat(read(closed, null, "r3ad", null)).isEqualTo(Decision.ALLOW);
        assertThat(read(closed, null, null, "r3ad")).isEqualTo(Decision.ALLOW_AND_SET_COOKIE);
        assertThat(read(closed, null, "stale", "wrong")).isEqualTo(Decision.DENY);
        assertThat(read(closed, null, "stale", "r3ad")).isEqualTo(Decision.ALLOW_AND_SET_COOKIE);
    }

    @Test
    void theHeaderComesFirstAndOnlyItCountsForMutations() {
        assertThat(ApiAccess.presented("Bearer a", "b", "c"))
                .contains(new ApiAccess.Presented("a", Source.HEADER));
        assertThat(ApiAccess.presented(null, "b", "c"))
                .as("a token given now beats the remembered cookie")
                .contains(new ApiAccess.Presented("c", Source.QUERY));
        assertThat(ApiAccess.presented(null, "b", null))
                .contains(new ApiAccess.Presented("b", Source.COOKIE));
        assertThat(ApiAccess.presented("Bearer  ", null, " ")).isEmpty();
        assertThat(closed.callerOfToken(ApiAccess.presented("Bearer wr1te", null, null)).bearer())
                .isTrue();
        assertThat(closed.callerOfToken(ApiAccess.presented(null, "wr1te", null)).bearer())
                .isFalse();
    }

    @Test
    void rolesComeFromTheTokens() {
        assertThat(roleOfHeader(closed, "Bearer r3ad")).contains(Role.VIEWER);
        assertThat(roleOfHeader(closed, "Bearer wr1te")).contains(Role.OPERATOR);
        assertThat(roleOfHeader(closed, "Bearer r3ad2")).isEmpty();
        assertThat(roleOfHeader(closed, null)).isEmpty();
        assertThat(closed.mutationsEnabled()).isTrue();
    }

    @Test
    void tokenModeWithoutAnyTokenRefusesEveryoneAndSaysWhy() {
        ApiAccess none = new ApiAccess(AuthMode.TOKEN, Optional.of(" "), Optional.empty());
        assertThat(none.closedToEveryone()).as("a blank token is no token").isTrue();
        assertThat(read(none, "Bearer  ", null, null)).isEqualTo(Decision.DENY);
        assertThat(none.denial()).contains("no token configured", "ostflow.planner.auth=none");
        assertThat(none.mutationsEnabled()).isFalse();
    }

    @Test
    void modeNoneOpensReadsButNotMutations() {
        ApiAccess open = new ApiAccess(AuthMode.NONE, Optional.empty(), Optional.of("wr1te"));
        assertThat(read(open, null, null, null)).isEqualTo(Decision.ALLOW);
        assertThat(open.closedToEveryone()).isFalse();
        assertThat(roleOfHeader(open, null)).isEmpty();
        assertThat(roleOfHeader(open, "Bearer wr1te")).contains(Role.OPERATOR);
    }

    @Test
    void oidcRoleNamesGiveTheRoleOperatorOverViewer() {
        assertThat(ApiAccess.roleOfNames(List.of("offline_access", "viewer")))
                .contains(Role.VIEWER);
        assertThat(ApiAccess.roleOfNames(List.of("viewer", "Operator"))).contains(Role.OPERATOR);
        assertThat(ApiAccess.roleOfNames(List.of("uma_authorization"))).isEmpty();
    }

    @Test
    void anAcceptedOidcTokenWithoutARoleIsForbiddenNotUnauthorized() {
        ApiAccess oidc = new ApiAccess(AuthMode.OIDC, Optional.empty(), Optional.empty());
        Optional<Source> header = Optional.of(Source.HEADER);
        assertThat(oidc.decide(new Caller(header, true, Optional.empty(), "roles []")))
                .isEqualTo(Decision.FORBID);
        assertThat(oidc.decide(new Caller(header, false, Optional.empty(), "expired")))
                .isEqualTo(Decision.DENY);
        assertThat(oidc.decide(Caller.ANONYMOUS)).isEqualTo(Decision.DENY);
        assertThat(oidc.mutationsEnabled()).as("operators come from the provider").isTrue();
        assertThat(oidc.denial()).contains("OpenID Connect", "viewer", "operator");
    }

    @Test
    void theModeAndTheProviderMustAgree() {
        ApiAccess.checkProvider(AuthMode.OIDC, true, true, true);
        ApiAccess.checkProvider(AuthMode.TOKEN, false, false, false);
        assertThatThrownBy(() -> ApiAccess.checkProvider(AuthMode.OIDC, false, true, true))
                .hasMessageContaining("quarkus.oidc.tenant-enabled=true");
        assertThatThrownBy(() -> ApiAccess.checkProvider(AuthMode.OIDC, true, false, true))
                .hasMessageContaining("quarkus.oidc.auth-server-url");
        assertThatThrownBy(() -> ApiAccess.checkProvider(AuthMode.TOKEN, true, true, true))
                .hasMessageContaining("ostflow.planner.auth=oidc");
        assertThatThrownBy(() -> ApiAccess.checkProvider(AuthMode.OIDC, true, true, false))
                .as("a token issued for another client of the provider must not pass")
                .hasMessageContaining("quarkus.oidc.token.audience");
    }
}
