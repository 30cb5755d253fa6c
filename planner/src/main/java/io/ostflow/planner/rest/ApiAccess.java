package io.ostflow.planner.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may do what with the planner's HTTP routes. With {@link Mode#TOKEN} (the default) every route
 * but the health checks needs a token: the viewer token ({@code ostflow.planner.read-token}) reads
 * the API, the dashboard, OpenAPI and metrics; the operator token ({@code
 * ostflow.planner.api-token}) reads too and is the only one that may change anything. A token comes
 * as a bearer header, as the {@value #COOKIE} cookie that a browser gets from {@code /?token=...},
 * or as that query parameter. With {@link Mode#NONE} reads are open and mutations still need the
 * operator token. Framework-free; {@link ReadGuard} applies it to every route, the resource to each
 * mutation.
 */
public final class ApiAccess {
    /** The cookie that carries the token for the dashboard's own API calls. */
    public static final String COOKIE = "ostflow-token";

    /** {@code ostflow.planner.auth}. */
    public enum Mode {
        /** Every route but health needs the viewer or the operator token. */
        TOKEN,
        /** Reads are open to whoever reaches the planner; only for a trusted network. */
        NONE
    }

    /** What a token allows. */
    public enum Role {
        /** GET: the API, the dashboard, OpenAPI, metrics. */
        VIEWER,
        /** Everything a viewer may, and the mutations. */
        OPERATOR
    }

    /** The outcome of a read check. */
    public enum Decision {
        /** Let it through. */
        ALLOW,
        /** Let it through and remember the query token in the cookie. */
        ALLOW_AND_SET_COOKIE,
        /** 401 with {@link #denial()} as the reason. */
        DENY
    }

    private final Mode mode;
    private final Optional<String> viewerToken;
    private final Optional<String> operatorToken;

    public ApiAccess(Mode mode, Optional<String> viewerToken, Optional<String> operatorToken) {
        this.mode = mode;
        this.viewerToken = viewerToken.map(String::trim).filter(t -> !t.isEmpty());
        this.operatorToken = operatorToken.map(String::trim).filter(t -> !t.isEmpty());
    }

    /** True when no request but health can pass: token mode without any token configured. */
    public boolean closedToEveryone() {
        return mode == Mode.TOKEN && viewerToken.isEmpty() && operatorToken.isEmpty();
    }

    /** True when mutations are possible at all (an operator token is configured). */
    public boolean mutationsEnabled() {
        return operatorToken.isPresent();
    }

    /**
     * May this request read?
     *
     * @param path the normalised request path
     * @param authorization the {@code Authorization} header, or null
     * @param cookie the {@value #COOKIE} cookie's value, or null
     * @param query the {@code token} query parameter, or null
     */
    public Decision decide(String path, String authorization, String cookie, String query) {
        if (mode == Mode.NONE || path.startsWith("/q/health")) {
            return Decision.ALLOW;
        }
        if (role(bearer(authorization)).isPresent() || role(cookie).isPresent()) {
            return Decision.ALLOW;
        }
        return role(query).isPresent() ? Decision.ALLOW_AND_SET_COOKIE : Decision.DENY;
    }

    /** The reason given with a denied read. */
    public String denial() {
        return closedToEveryone()
                ? "the planner has no token configured: set ostflow.planner.read-token (viewer)"
                        + " or ostflow.planner.api-token (operator), or ostflow.planner.auth=none"
                        + " to open reads"
                : "reading needs the viewer or the operator token: a bearer header, or /?token=..."
                        + " once in a browser";
    }

    /** The role of a bearer header, if its token is one of the configured ones. */
    public Optional<Role> roleOfHeader(String authorization) {
        return role(bearer(authorization));
    }

    private Optional<Role> role(String given) {
        if (given == null) {
            return Optional.empty();
        }
        if (same(operatorToken, given)) {
            return Optional.of(Role.OPERATOR);
        }
        return same(viewerToken, given) ? Optional.of(Role.VIEWER) : Optional.empty();
    }

    private static String bearer(String authorization) {
        return authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring(7).trim()
                : null;
    }

    private static boolean same(Optional<String> token, String given) {
        return token.isPresent()
                && MessageDigest.isEqual(
                        token.get().getBytes(StandardCharsets.UTF_8),
                        given.getBytes(StandardCharsets.UTF_8));
    }
}
