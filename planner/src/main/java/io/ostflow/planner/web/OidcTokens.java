package io.ostflow.planner.web;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Verifies a presented token as an access token of the configured OpenID Connect provider ({@code
 * quarkus.oidc.*}: signature against the provider's keys, expiry, issuer and audience where
 * configured) and gives the caller the role its {@value ApiAccess#VIEWER_ROLE} or {@value
 * ApiAccess#OPERATOR_ROLE} role name says. Called by {@link ReadGuard} only with {@code
 * ostflow.planner.auth=oidc}, for a token from the header, the cookie or the query alike.
 */
@ApplicationScoped
public class OidcTokens {
    private static final Logger LOG = Logger.getLogger(OidcTokens.class);

    @Inject TenantIdentityProvider identities;

    /** The caller a token makes; never fails: a refused token is a caller without a role. */
    public Uni<Caller> caller(ApiAccess.Presented presented) {
        Optional<ApiAccess.Source> source = Optional.of(presented.source());
        return identities
                .authenticate(new AccessTokenCredential(presented.token()))
                .map(identity -> accepted(source, identity))
                .onFailure()
                .recoverWithItem(
                        failure -> {
                            LOG.debugf(failure, "refused an OIDC token");
                            return new Caller(
                                    source,
                                    false,
                                    Optional.empty(),
                                    "the OpenID Connect provider's keys do not verify the token,"
                                            + " or it has expired");
                        });
    }

    private static Caller accepted(Optional<ApiAccess.Source> source, SecurityIdentity identity) {
        Optional<ApiAccess.Role> role = ApiAccess.roleOfNames(identity.getRoles());
        String subject = identity.getPrincipal().getName();
        return new Caller(
                source,
                true,
                role,
                role.isPresent() ? null : "subject " + subject + ", roles " + identity.getRoles());
    }
}
