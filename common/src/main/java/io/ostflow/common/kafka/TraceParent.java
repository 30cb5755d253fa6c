package io.ostflow.common.kafka;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A W3C trace context ({@code traceparent}, version 00) as it travels in a Kafka header: the
 * services' OpenTelemetry instrumentation continues the trace it names, so one upload can be
 * followed from its notifications to the events they cause.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param parentId 16 lower-case hex digits, not all zero
 * @param sampled whether the trace is recorded
 */
public record TraceParent(String traceId, String parentId, boolean sampled) {
    /** The Kafka header (and HTTP header) name. */
    public static final String HEADER = "traceparent";

    private static final Pattern FORMAT =
            Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    public TraceParent {
        if (traceId == null || !traceId.matches("[0-9a-f]{32}") || traceId.matches("0+")) {
            throw new IllegalArgumentException("trace id must be 32 hex digits, not all 0");
        }
        if (parentId == null || !parentId.matches("[0-9a-f]{16}") || parentId.matches("0+")) {
            throw new IllegalArgumentException("parent id must be 16 hex digits, not all 0");
        }
    }

    /** A new sampled trace with random ids. */
    public static TraceParent random() {
        return random(new SecureRandom());
    }

    /** A new sampled trace with ids drawn from {@code random}. */
    public static TraceParent random(RandomGenerator random) {
        HexFormat hex = HexFormat.of();
        String trace;
        String parent;
        do {
            trace = hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong());
            parent = hex.toHexDigits(random.nextLong());
        } while (trace.matches("0+") || parent.matches("0+"));
        return new TraceParent(trace, parent, true);
    }

    /** The trace context of a header value, if it is a version-00 {@code traceparent}. */
    public static Optional<TraceParent> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            boolean sampled = (Integer.parseInt(m.group(3), 16) & 1) == 1;
            return Optional.of(new TraceParent(m.group(1), m.group(2), sampled));
        } catch (IllegalArgumentException allZero) {
            return Optional.empty();
        }
    }

    /** The trace context of a record's last {@code traceparent} header, if any. */
    public static Optional<TraceParent> of(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        return header == null
                ? Optional.empty()
                : parse(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** The header value: {@code 00-TRACE-PARENT-FLAGS}. */
    public String value() {
        return "00-" + traceId + "-" + parentId + "-" + (sampled ? "01" : "00");
    }

    /** Adds this context as the record's {@code traceparent} header. */
    public void addTo(Headers headers) {
        headers.remove(HEADER);
        headers.add(HEADER, value().getBytes(StandardCharsets.UTF_8));
    }
}
