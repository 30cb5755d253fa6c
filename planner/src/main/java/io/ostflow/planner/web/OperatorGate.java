package io.ostflow.planner.web;

import static io.ostflow.planner.web.ApiErrors.error;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The check every mutating route makes before it changes anything. */
@ApplicationScoped
public class OperatorGate {
    @Inject ApiAccess access;

    @Inject CurrentVertxRequest request;

    /**
     * A mutation needs an operator's bearer header (the caller {@link ReadGuard} resolved): 401
     * without one, 403 for a viewer or when mutations are off.
     */
    public void authorize() {
        if (!access.mutationsEnabled()) {
            throw error(
                    403,
                    "DISABLED",
                    "mutating endpoints are disabled: set ostflow.planner.api-token");
        }
        Caller caller = request.getCurrent().get(Caller.KEY);
        if (caller == null || !caller.bearer() || caller.role().isEmpty()) {
            throw new WebApplicationException(
                    Response.status(401)
                            .header("WWW-Authenticate", "Bearer")
                            .type(MediaType.APPLICATION_JSON)
                            .entity(
                                    new Views.ErrorView(
                                            401,
                                            "UNAUTHORIZED",
                                            "a bearer header with an operator's token is required"))
                            .build());
        }
        if (caller.role().get() != ApiAccess.Role.OPERATOR) {
            throw error(403, "FORBIDDEN", access.viewerMayNotChange());
        }
    }
}
