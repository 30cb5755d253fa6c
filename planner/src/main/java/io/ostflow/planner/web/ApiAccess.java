package io.ostflow.planner.web;

import io.ostflow.planner.config.AuthMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may do what with the planner's HTTP routes. Every route but the health checks needs a caller
 * with a role: {@link Role#VIEWER} reads the API, the dashboard, OpenAPI and metrics; {@link
 * Role#OPERATOR} reads too and is the only one that may change anything. A token comes as a bearer
 * header, as the {@value #COOKIE} cookie that a browser gets from {@code /?token=...}, or as that
 * query parameter; a mutation takes it from the bearer header only. With {@link AuthMode#TOKEN}
 * (the default) the tokens are the configured ones ({@code ostflow.planner.read-token}, {@code
 * ostflow.planner.api-token}); with {@link AuthMode#OIDC} they are access tokens of an OpenID
 * Connect provider, whose {@value #VIEWER_ROLE} or {@value #OPERATOR_ROLE} role names the caller's
 * role ({@link OidcTokens} verifies them); with {@link AuthMode#NONE} reads are open and mutations
 * still need the operator token. Framework-free; {@link ReadGuard} applies it to every route, the
 * resource to each mutation.
 */
public final class ApiAccess {
    /** The cookie that carries the token for the dashboard's own API calls. */
    public static final String COOKIE = "ostflow-token";

    /** The OIDC role (a Keycloak realm role, or a {@code groups} entry) of a viewer. */
    public static final String VIEWER_ROLE = "viewer";

    /** The OIDC role of an operator. */
    public static final String OPERATOR_ROLE = "operator";

    /** What a caller may do. */
    public enum Role {
        /** GET: the API, the dashboard, OpenAPI, metrics. */
        VIEWER,
        /** Everything a viewer may, and the mutations. */
        OPERATOR
    }

    /** Where a request's token came from. */
    public enum Source {
        /** {@code Authorization: Bearer ...}: the only source a mutation accepts. */
        HEADER,
        /** The {@value #COOKIE} cookie. */
        COOKIE,
        /** The {@code token} query parameter (a browser's first visit). */
        QUERY
    }

    /** A token as a request presents it. */
    public record Presented(String token, Source source) {}

    /** The outcome of a read check. */
    public enum Decision {
        /** Let it through. */
        ALLOW,
        /** Let it through and remember the query token in the cookie. */
        ALLOW_AND_SET_COOKIE,
        /** 401: no token, or one that is not accepted. */
        DENY,
        /** 403: an accepted token whose caller has neither role. */
        FORBID
    }

    private final AuthMode mode;
    private final Optional<String> viewerToken;
    private final Optional<String> operatorToken;

    public ApiAccess(AuthMode mode, Optional<String> viewerToken, Optional<String> operatorToken) {
        this.mode = mode;
        this.viewerToken = viewerToken.map(String::trim).filter(t -> !t.isEmpty());
        this.operatorToken = operatorToken.map(String::trim).filter(t -> !t.isEmpty());
    }

    /**
     * Refuses a configuration where the mode and the OIDC provider disagree, so that a planner
     * meant to verify OIDC tokens never starts without a provider, and one that verifies none does
     * not contact one.
     *
     * @param providerEnabled {@code quarkus.oidc.tenant-enabled}
     * @param providerConfigured {@code quarkus.oidc.auth-server-url} (or a public key) is set
     * @param audienceRequired {@code quarkus.oidc.token.audience} is set: without it a token the
     *     same provider issued for any other client would be accepted here
     */
    public static void checkProvider(
            AuthMode mode,
            boolean providerEnabled,
            boolean providerConfigured,
            boolean audienceRequired) {
        if (mode == AuthMode.OIDC && providerEnabled && providerConfigured && !audienceRequired) {
            throw new IllegalStateException(
                    "ostflow.planner.auth=oidc needs quarkus.oidc.token.audience (e.g."
                            + " ostflow-planner): otherwise a token the provider issued for any"
                            + " other client is accepted");
        }
        if (mode == AuthMode.OIDC && !(providerEnabled && providerConfigured)) {
            throw new IllegalStateException(
                    "ostflow.planner.auth=oidc needs the provider: set quarkus.oidc.tenant-enabled=true"
                            + " and quarkus.oidc.auth-server-url (e.g."
                            + " https://keycloak.example/realms/ostflow)");
        }
        if (mode != AuthMode.OIDC && providerEnabled) {
            throw new IllegalStateException(
                    "quarkus.oidc.tenant-enabled=true verifies OIDC tokens only with"
                            + " ostflow.planner.auth=oidc, but it is "
                            + mode.name().toLowerCase(Locale.ROOT));
        }
    }

    public AuthMode mode() {
        return mode;
    }

    /** True when no request but health can pass: token mode without any token configured. */
    public boolean closedToEveryone() {
        return mode == AuthMode.TOKEN && viewerToken.isEmpty() && operatorToken.isEmpty();
    }

    /** True when mutations are possible at all (an operator token, or operators of the OIDC). */
    public boolean mutationsEnabled() {
        return mode == AuthMode.OIDC || operatorToken.isPresent();
    }

    /** Routes every caller may reach: the health checks, for probes. */
    public static boolean open(String path) {
        return path.startsWith("/q/health");
    }

    /**
     * The token a request presents: the bearer header, else the query, else the cookie.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param cookie the {@value #COOKIE} cookie's value, or null
     * @param query the {@code token} query parameter, or null
     */
    public static Optional<Presented> presented(String authorization, String cookie, String query) {
        String bearer = bearer(authorization);
        if (bearer != null) {
            return Optional.of(new Presented(bearer, Source.HEADER));
        }
        // a query token is given now, so it beats the remembered cookie (a fresh OIDC token
        // replaces an expired one)
        if (query != null && !query.isBlank()) {
            return Optional.of(new Presented(query, Source.QUERY));
        }
        return cookie == null || cookie.isBlank()
                ? Optional.empty()
                : Optional.of(new Presented(cookie, Source.COOKIE));
    }

    /** The role of a configured token ({@link AuthMode#TOKEN}, {@link AuthMode#NONE}). */
    public Optional<Role> roleOfToken(String given) {
        if (given == null) {
            return Optional.empty();
        }
        if (same(operatorToken, given)) {
            return Optional.of(Role.OPERATOR);
        }
        return same(viewerToken, given) ? Optional.of(Role.VIEWER) : Optional.empty();
    }

    /**
     * The role an OIDC identity's role names give ({@link AuthMode#OIDC}): operator over viewer,
     * compared without case; empty when it has neither.
     */
    public static Optional<Role> roleOfNames(Collection<String> names) {
        boolean viewer = false;
        for (String name : names) {
            String role = name.toLowerCase(Locale.ROOT);
            if (role.equals(OPERATOR_ROLE)) {
                return Optional.of(Role.OPERATOR);
            }
            viewer |= role.equals(VIEWER_ROLE);
        }
        return viewer ? Optional.of(Role.VIEWER) : Optional.empty();
    }

    /** May a request read? */
    public Decision decide(Caller caller) {
        if (mode == AuthMode.NONE) {
            return Decision.ALLOW;
        }
        if (caller.role().isPresent()) {
            return caller.source().equals(Optional.of(Source.QUERY))
                    ? Decision.ALLOW_AND_SET_COOKIE
                    : Decision.ALLOW;
        }
        return caller.accepted() ? Decision.FORBID : Decision.DENY;
    }

    /** The caller a configured token makes ({@link AuthMode#TOKEN}, {@link AuthMode#NONE}). */
    public Caller callerOfToken(Optional<Presented> presented) {
        if (presented.isEmpty()) {
            return Caller.ANONYMOUS;
        }
        Optional<Role> role = roleOfToken(presented.get().token());
        return new Caller(
                Optional.of(presented.get().source()),
                role.isPresent(),
                role,
                role.isPresent() ? null : "the token is not one of the configured ones");
    }

    /** The reason given with a denied read, and why the caller's token was refused. */
    public String denial(Caller caller) {
        return caller.refusal() == null ? denial() : denial() + " (" + caller.refusal() + ")";
    }

    /** The reason given to a caller who has an accepted token but neither role. */
    public String noRole(Caller caller) {
        return "the token is accepted but has neither the role "
                + VIEWER_ROLE
                + " nor "
                + OPERATOR_ROLE
                + (caller.refusal() == null ? "" : " (" + caller.refusal() + ")");
    }

    /** The reason given with a denied read. */
    public String denial() {
        if (closedToEveryone()) {
            return "the planner has no token configured: set ostflow.planner.read-token (viewer)"
                    + " or ostflow.planner.api-token (operator), or ostflow.planner.auth=none"
                    + " to open reads";
        }
        return mode == AuthMode.OIDC
                ? "reading needs an access token of the planner's OpenID Connect provider with"
                        + " the role "
                        + VIEWER_ROLE
                        + " or "
                        + OPERATOR_ROLE
                        + ": a bearer header, or /?token=... once in a browser"
                : "reading needs the viewer or the operator token: a bearer header, or"
                        + " /?token=... once in a browser";
    }

    /** The reason given to a viewer who asks for a mutation. */
    public String viewerMayNotChange() {
        return mode == AuthMode.OIDC
                ? "the "
                        + VIEWER_ROLE
                        + " role reads only; this needs the "
                        + OPERATOR_ROLE
                        + " role"
                : "the viewer token reads only; this needs the operator token"
                        + " (ostflow.planner.api-token)";
    }

    private static String bearer(String authorization) {
        if (authorization == null
                || !authorization.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())) {
            return null;
        }
        String token = authorization.substring("Bearer ".length()).trim();
        return token.isEmpty() ? null : token;
    }

    private static boolean same(Optional<String> token, String given) {
        return token.isPresent()
                && MessageDigest.isEqual(
                        token.get().getBytes(StandardCharsets.UTF_8),
                        given.getBytes(StandardCharsets.UTF_8));
    }
}
