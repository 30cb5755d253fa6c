package io.ostflow.ingest.domain;

/** Exception messages as problems and log lines show them. */
public final class Messages {
    private Messages() {}

    /**
     * The first line of a message (parsers append context on later lines); {@code unreadable} for
     * none.
     */
    public static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
