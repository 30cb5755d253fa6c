package io.ostflow.planner.web;

import io.ostflow.common.TaskId;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The API's error answers: a status, a reason code and a message, as {@link Views.ErrorView}. */
final class ApiErrors {
    private ApiErrors() {}

    static void requireTaskId(String id) {
        try {
            TaskId.parse(id);
        } catch (IllegalArgumentException e) {
            throw error(400, "BAD_TASK_ID", e.getMessage());
        }
    }

    static WebApplicationException error(int status, String reason, String message) {
        return new WebApplicationException(
                Response.status(status)
                        .type(MediaType.APPLICATION_JSON)
                        .entity(new Views.ErrorView(status, reason, message))
                        .build());
    }
}
