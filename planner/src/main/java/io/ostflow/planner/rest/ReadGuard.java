package io.ostflow.planner.rest;

import io.ostflow.common.Json;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/**
 * Puts {@link ApiAccess} in front of every route (the REST API, the dashboard's static files,
 * OpenAPI and metrics), so that unless {@code ostflow.planner.auth=none} nothing is readable
 * without a token; health checks stay open for probes.
 */
@ApplicationScoped
public class ReadGuard {
    private static final Logger LOG = Logger.getLogger(ReadGuard.class);

    @Inject ApiAccess access;

    void install(@Observes Router router) {
        if (access.closedToEveryone()) {
            LOG.warn(
                    "no token is configured, so every route but health answers 401: "
                            + access.denial());
        }
        router.route()
                .order(-1000)
                .handler(
                        rc -> {
                            var cookie = rc.request().getCookie(ApiAccess.COOKIE);
                            ApiAccess.Decision decision =
                                    access.decide(
                                            rc.normalizedPath(),
                                            rc.request().getHeader("Authorization"),
                                            cookie == null ? null : cookie.getValue(),
                                            rc.request().getParam("token"));
                            switch (decision) {
                                case ALLOW -> rc.next();
                                case ALLOW_AND_SET_COOKIE -> {
                                    rc.response()
                                            .addCookie(
                                                    Cookie.cookie(
                                                                    ApiAccess.COOKIE,
                                                                    rc.request().getParam("token"))
                                                            .setHttpOnly(true)
                                                            .setPath("/")
                                                            .setSameSite(CookieSameSite.STRICT));
                                    rc.next();
                                }
                                case DENY ->
                                        rc.response()
                                                .setStatusCode(401)
                                                .putHeader("WWW-Authenticate", "Bearer")
                                                .putHeader("Content-Type", "application/json")
                                                .end(unauthorized(access.denial()));
                            }
                        });
    }

    private static String unauthorized(String message) {
        try {
            return Json.mapper()
                    .writeValueAsString(new Views.ErrorView(401, "UNAUTHORIZED", message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
