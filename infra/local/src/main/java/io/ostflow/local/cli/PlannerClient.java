package io.ostflow.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads the planner's REST API: for the command line and the end-to-end tests. */
public final class PlannerClient {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /**
     * @param base the planner's base URL, e.g. {@code http://127.0.0.1:8080}
     */
    public PlannerClient(String base) {
        this.base = base;
    }

    /** A GET of {@code path}, with {@code OSTFLOW_PLANNER_READ_TOKEN} as bearer when it is set. */
    private HttpRequest request(String path) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        String token = System.getenv("OSTFLOW_PLANNER_READ_TOKEN");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.trim());
        }
        return request.build();
    }

    /** GETs {@code path}; anything but 200 is an exception with the planner's answer. */
    public JsonNode get(String path) {
        try {
            HttpResponse<String> response =
                    http.send(request(path), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "planner answered "
                                + response.statusCode()
                                + " for "
                                + path
                                + ": "
                                + response.body());
            }
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "planner at " + base + " is not reachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
