package io.ostflow.planner.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may read the API and the dashboard when {@code ostflow.planner.read-token} is set: a request
 * with that token (or the mutation token) as a bearer header, as the {@value #COOKIE} cookie that
 * the dashboard gets from {@code /?token=...}, or as that query parameter; health checks always.
 * Framework-free; {@link ReadGuard} applies it to every HTTP route.
 */
public final class ReadAccess {
    /** The cookie that carries the token for the dashboard's own API calls. */
    public static final String COOKIE = "ostflow-token";

    private final Optional<String> readToken;
    private final Optional<String> apiToken;

    public ReadAccess(Optional<String> readToken, Optional<String> apiToken) {
        this.readToken = readToken.filter(t -> !t.isBlank());
        this.apiToken = apiToken.filter(t -> !t.isBlank());
    }

    /** The outcome for one request. */
    public enum Decision {
        /** Let it through. */
        ALLOW,
        /** Let it through and remember the query token in the cookie. */
        ALLOW_AND_SET_COOKIE,
        /** 401 with a reason. */
        DENY
    }

    /**
     * @param path the normalised request path
     * @param authorization the {@code Authorization} header, or null
     * @param cookie the {@value #COOKIE} cookie's value, or null
     * @param query the {@code token} query parameter, or null
     */
    public Decision decide(String path, String authorization, String cookie, String query) {
        if (readToken.isEmpty() || path.startsWith("/q/health")) {
            return Decision.ALLOW;
        }
        String bearer =
                authorization != null && authorization.startsWith("Bearer ")
                        ? authorization.substring(7)
                        : null;
        if (valid(bearer) || valid(cookie)) {
            return Decision.ALLOW;
        }
        return valid(query) ? Decision.ALLOW_AND_SET_COOKIE : Decision.DENY;
    }

    private boolean valid(String given) {
        return given != null && (same(readToken, given) || same(apiToken, given));
    }

    private static boolean same(Optional<String> token, String given) {
        return token.isPresent()
                && MessageDigest.isEqual(
                        token.get().getBytes(StandardCharsets.UTF_8),
                        given.getBytes(StandardCharsets.UTF_8));
    }
}
