package io.ostflow.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * A binary segmentation task, {@code SITE-MODALITY-OBJECTIVE} (e.g. {@code 01-T1ce-NCR}). The site
 * may hold letters, digits and underscores, modality and objective letters and digits, so the two
 * dashes are unambiguous. Ordered by the plain string order of the full name, which is the
 * tie-break order of docs/algorithm.md.
 */
public record TaskId(String site, String modality, String objective) implements Comparable<TaskId> {
    private static final Pattern SITE = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9]+");
    private static final Comparator<TaskId> ORDER = Comparator.comparing(TaskId::toString);

    public TaskId {
        requireMatch("site", site, SITE);
        requireMatch("modality", modality, WORD);
        requireMatch("objective", objective, WORD);
    }

    /**
     * @throws IllegalArgumentException with the reason, for anything but three valid parts
     */
    @JsonCreator
    public static TaskId parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("task id is missing");
        }
        String[] parts = text.split("-", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "task id '" + text + "' must have the form SITE-MODALITY-OBJECTIVE");
        }
        return new TaskId(parts[0], parts[1], parts[2]);
    }

    /** Whether {@code text} is a well-formed task id. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Site names follow the same rule as the site part of a task id. */
    public static boolean isValidSite(String site) {
        return site != null && SITE.matcher(site).matches();
    }

    /** Modality and objective names: letters and digits only. */
    public static boolean isValidWord(String word) {
        return word != null && WORD.matcher(word).matches();
    }

    @JsonValue
    @Override
    public String toString() {
        return site + "-" + modality + "-" + objective;
    }

    @Override
    public int compareTo(TaskId other) {
        return ORDER.compare(this, other);
    }

    private static void requireMatch(String part, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "task " + part + " '" + value + "' must match " + pattern.pattern());
        }
    }
}
