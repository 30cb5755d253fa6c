package io.ostflow.planner.web;

import io.ostflow.common.Json;
import io.ostflow.planner.config.AuthMode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Puts {@link ApiAccess} in front of every route (the REST API, the dashboard's static files,
 * OpenAPI and metrics), so that unless {@code ostflow.planner.auth=none} nothing is readable
 * without a token; health checks stay open for probes. It resolves the {@link Caller} once per
 * request (a configured token, or with {@code auth=oidc} a verified access token) and keeps it for
 * the mutations' check.
 */
@ApplicationScoped
public class ReadGuard {
    private static final Logger LOG = Logger.getLogger(ReadGuard.class);

    @Inject ApiAccess access;

    @Inject OidcTokens oidc;

    void install(@Observes Router router) {
        if (access.closedToEveryone()) {
            LOG.warn(
                    "no token is configured, so every route but health answers 401: "
                            + access.denial());
        }
        router.route().order(-1000).handler(this::guard);
    }

    private void guard(RoutingContext rc) {
        if (ApiAccess.open(rc.normalizedPath())) {
            rc.next();
            return;
        }
        var cookie = rc.request().getCookie(ApiAccess.COOKIE);
        Optional<ApiAccess.Presented> presented =
                ApiAccess.presented(
                        rc.request().getHeader("Authorization"),
                        cookie == null ? null : cookie.getValue(),
                        rc.request().getParam("token"));
        if (access.mode() != AuthMode.OIDC || presented.isEmpty()) {
            apply(rc, access.callerOfToken(presented));
            return;
        }
        // The provider's keys may be fetched over the network: carry on on this request's context.
        Context context = Vertx.currentContext();
        Uni<Caller> verified = oidc.caller(presented.get());
        verified.subscribe().with(caller -> context.runOnContext(v -> apply(rc, caller)), rc::fail);
    }

    private void apply(RoutingContext rc, Caller caller) {
        rc.put(Caller.KEY, caller);
        switch (access.decide(caller)) {
            case ALLOW -> rc.next();
            case ALLOW_AND_SET_COOKIE -> {
                rc.response()
                        .addCookie(
                                Cookie.cookie(ApiAccess.COOKIE, rc.request().getParam("token"))
                                        .setHttpOnly(true)
                                        .setPath("/")
                                        .setSameSite(CookieSameSite.STRICT));
                rc.next();
            }
            case DENY -> {
                rc.response().putHeader("WWW-Authenticate", "Bearer");
                refuse(rc, 401, "UNAUTHORIZED", access.denial(caller));
            }
            case FORBID -> refuse(rc, 403, "FORBIDDEN", access.noRole(caller));
        }
    }

    private static void refuse(RoutingContext rc, int status, String reason, String message) {
        rc.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body(status, reason, message));
    }

    private static String body(int status, String reason, String message) {
        try {
            return Json.mapper().writeValueAsString(new Views.ErrorView(status, reason, message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
