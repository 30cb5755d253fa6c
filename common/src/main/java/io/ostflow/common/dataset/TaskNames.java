package io.ostflow.common.dataset;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns the channel and label names of a {@code dataset.json} into the MODALITY and OBJECTIVE parts
 * of task ids, which hold letters and digits only. nnU-Net allows any text there ({@code "whole
 * tumor"}, {@code "T1-Gd"}), and sites spell one modality several ways, so:
 *
 * <ul>
 *   <li>the <em>safe form</em> of a name drops every character that is not an ASCII letter or digit
 *       and joins the words in camel case: {@code "whole tumor"} becomes {@code wholeTumor}, {@code
 *       "non-enhancing_core"} {@code nonEnhancingCore}; a name that is already letters and digits
 *       is unchanged;
 *   <li>modalities are compared without case: a safe form found in {@link #MODALITY_ALIASES}
 *       (looked up in lower case) becomes its canonical spelling ({@code Flair}, {@code FLAIR} and
 *       {@code T2-FLAIR} all become {@code FLAIR}); any other modality is written in upper case, so
 *       that {@code dwi} and {@code DWI} are one modality too;
 *   <li>objectives keep the case of their safe form ({@code NCR}, {@code wholeTumor}).
 * </ul>
 *
 * The original names are kept beside the task (docs/ingest.md has the table).
 */
public final class TaskNames {
    /** Lower-case safe form to canonical modality; docs/ingest.md lists the same table. */
    public static final Map<String, String> MODALITY_ALIASES = aliases();

    private TaskNames() {}

    /**
     * The MODALITY part for a channel name, or empty if the name has no letter or digit.
     *
     * @param channelName the name in {@code channel_names}
     */
    public static Optional<String> modality(String channelName) {
        return safeForm(channelName)
                .map(
                        safe -> {
                            String folded = safe.toLowerCase(Locale.ROOT);
                            return MODALITY_ALIASES.getOrDefault(
                                    folded, safe.toUpperCase(Locale.ROOT));
                        });
    }

    /**
     * The OBJECTIVE part for a label name, or empty if the name has no letter or digit.
     *
     * @param labelName the name in {@code labels}
     */
    public static Optional<String> objective(String labelName) {
        return safeForm(labelName);
    }

    /** Letters and digits only, words after the first capitalised; empty if nothing is left. */
    static Optional<String> safeForm(String name) {
        if (name == null) {
            return Optional.empty();
        }
        StringBuilder safe = new StringBuilder();
        boolean newWord = false;
        for (char ch : name.toCharArray()) {
            boolean alphanumeric =
                    (ch >= 'a' && ch <= 'z')
                            || (ch >= 'A' && ch <= 'Z')
                            || (ch >= '0' && ch <= '9');
            if (!alphanumeric) {
                newWord = true;
                continue;
            }
            safe.append(newWord && safe.length() > 0 ? Character.toUpperCase(ch) : ch);
            newWord = false;
        }
        return safe.isEmpty() ? Optional.empty() : Optional.of(safe.toString());
    }

    private static Map<String, String> aliases() {
        Map<String, String> aliases = new TreeMap<>();
        alias(aliases, "T1", "t1", "t1w", "t1n", "t1native");
        alias(aliases, "T1ce", "t1ce", "t1c", "t1gd", "t1post", "t1wce", "t1contrast");
        alias(aliases, "T2", "t2", "t2w");
        alias(aliases, "FLAIR", "flair", "t2flair", "t2f");
        alias(aliases, "PD", "pd", "pdw");
        alias(aliases, "DWI", "dwi");
        alias(aliases, "ADC", "adc");
        alias(aliases, "CT", "ct");
        return Collections.unmodifiableMap(aliases);
    }

    private static void alias(Map<String, String> aliases, String canonical, String... spellings) {
        for (String spelling : spellings) {
            aliases.put(spelling, canonical);
        }
    }
}
