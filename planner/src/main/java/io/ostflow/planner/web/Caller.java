package io.ostflow.planner.web;

import java.util.Optional;

/**
 * Who a request is, as {@link ReadGuard} resolved it before any route runs; kept in the routing
 * context under {@link #KEY} so that a mutation checks the same caller.
 *
 * @param source where its token came from; empty when it presented none
 * @param accepted whether the token is valid (a configured token, or a verified OIDC token)
 * @param role what it may do; empty when it may do nothing
 * @param refusal why it has no role, for the 401 or 403 reason; null when it has one
 */
public record Caller(
        Optional<ApiAccess.Source> source,
        boolean accepted,
        Optional<ApiAccess.Role> role,
        String refusal) {
    /** The routing-context key. */
    public static final String KEY = "ostflow.caller";

    /** A request without any token. */
    public static final Caller ANONYMOUS =
            new Caller(Optional.empty(), false, Optional.empty(), null);

    /** True when the token came as a bearer header, the only source a mutation accepts. */
    public boolean bearer() {
        return source.equals(Optional.of(ApiAccess.Source.HEADER));
    }
}
