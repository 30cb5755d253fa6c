package io.ostflow.local.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.common.Json;
import io.ostflow.local.services.ApiToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Reads the planner's REST API: for the command line and the end-to-end tests. */
public final class PlannerClient {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Optional<String> token;

    /**
     * @param base the planner's base URL, e.g. {@code http://127.0.0.1:8080}
     * @param token the bearer token sent with every request, if any
     */
    public PlannerClient(String base, Optional<String> token) {
        this.base = base;
        this.token = token.filter(t -> !t.isBlank());
    }

    /**
     * A client of the stack under {@code home}: its token ({@link ApiToken}), else a viewer token
     * in {@code OSTFLOW_PLANNER_READ_TOKEN} (a planner not started by this command line).
     */
    public static PlannerClient of(String base, Path home) {
        Optional<String> token =
                ApiToken.find(home)
                        .or(() -> Optional.ofNullable(System.getenv("OSTFLOW_PLANNER_READ_TOKEN")));
        return new PlannerClient(base, token);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t.trim()));
        return request;
    }

    /** GETs {@code path}; anything but 200 is an exception with the planner's answer. */
    public JsonNode get(String path) {
        return json(send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString(), 200));
    }

    /** GETs {@code path} as bytes (a chart, a Markdown report). */
    public byte[] getBytes(String path) {
        return send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray(), 200);
    }

    /** POSTs a JSON body; 200 and 202 are answers, anything else an exception. */
    public JsonNode post(String path, String body) {
        HttpRequest request =
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return json(send(request, HttpResponse.BodyHandlers.ofString(), 200, 202));
    }

    private <T> T send(HttpRequest request, HttpResponse.BodyHandler<T> handler, int... ok) {
        try {
            HttpResponse<T> response = http.send(request, handler);
            for (int status : ok) {
                if (response.statusCode() == status) {
                    return response.body();
                }
            }
            Object body = response.body();
            throw new IllegalStateException(
                    "planner answered "
                            + response.statusCode()
                            + " for "
                            + request.uri().getPath()
                            + ": "
                            + (body instanceof byte[] b ? new String(b, UTF_8) : body));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "planner at " + base + " is not reachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the planner's answer is not JSON: " + e.getMessage());
        }
    }
}
