package io.ostflow.planner.rest;

import io.ostflow.planner.config.PlannerConfig;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Puts {@link ReadAccess} in front of every route (the REST API, the dashboard's static files,
 * OpenAPI and metrics), so that with {@code ostflow.planner.read-token} set nothing is readable
 * without the token; health checks stay open for probes.
 */
@ApplicationScoped
public class ReadGuard {
    @Inject PlannerConfig config;

    void install(@Observes Router router) {
        ReadAccess access = new ReadAccess(config.readToken(), config.apiToken());
        router.route()
                .order(-1000)
                .handler(
                        rc -> {
                            var cookie = rc.request().getCookie(ReadAccess.COOKIE);
                            ReadAccess.Decision decision =
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
                                                                    ReadAccess.COOKIE,
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
                                                .end(
                                                        "{\"status\":401,\"reason\":\"UNAUTHORIZED\","
                                                                + "\"message\":\"reading needs the token of ostflow.planner.read-token:"
                                                                + " a bearer header, or /?token=... once in a browser\"}");
                            }
                        });
    }
}
