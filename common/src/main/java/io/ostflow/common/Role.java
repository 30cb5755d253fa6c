package io.ostflow.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a task is for; it comes with the drop ({@code dataset.json}, {@code ostflow.role}). */
public enum Role {
    /** May be pre-trained on and appear on transfer paths. */
    SOURCE,
    /** Few labelled cases; the task we want to segment well. */
    TARGET;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException for anything but {@code source} or {@code target}
     */
    @JsonCreator
    public static Role parse(String text) {
        if ("source".equalsIgnoreCase(text)) {
            return SOURCE;
        }
        if ("target".equalsIgnoreCase(text)) {
            return TARGET;
        }
        throw new IllegalArgumentException("role '" + text + "' must be 'source' or 'target'");
    }
}
