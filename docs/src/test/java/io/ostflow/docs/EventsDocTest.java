package io.ostflow.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ostflow.common.Json;
import io.ostflow.common.Topics;
import io.ostflow.common.events.EventTypes;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.trainer.service.JobRunner;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/events.md against the code: its topic table lists exactly {@link Topics#ALL} with the
 * producers and consumers that the services' channels ({@code mp.messaging.*} in each {@code
 * application.properties}) make them, and every example parses, strictly, into its event record.
 */
class EventsDocTest {
    private static final List<String> SERVICES =
            List.of("ingest-worker", "affinity-worker", "planner", "trainer-worker");
    private static final Pattern CHANNEL_TOPIC =
            Pattern.compile("^mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.topic=(.+)$");
    private static final List<String> EVENT_PACKAGES =
            List.of("io.ostflow.common.events.", "io.ostflow.common.storage.");

    private final MarkdownDoc page = MarkdownDoc.page("events.md");

    /** One row of the topic table. */
    record TopicRow(
            String topic,
            String payload,
            Set<String> producers,
            Set<String> consumers,
            String cleanup) {}

    /** A service's channel: direction and topic. */
    record Channel(String service, boolean incoming, String name, String topic) {}

    @Test
    void theTableListsEveryTopicOfTopicsAndNoOther() {
        assertThat(table().keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    }

    @Test
    void compactedTopicsAreTheOnesTopicsCompacts() {
        table().forEach(
                        (topic, row) ->
                                assertThat(row.cleanup())
                                        .as(topic)
                                        .isEqualTo(
                                                Topics.COMPACTED.contains(topic)
                                                        ? "compact"
                                                        : "delete"));
    }

    @Test
    void everyChannelOfEveryServiceIsInTheTableAsProducerOrConsumer() {
        Map<String, TopicRow> table = table();
        List<String> missing = new ArrayList<>();
        for (Channel c : channels()) {
            TopicRow row = table.get(c.topic());
            Set<String> side =
                    row == null ? Set.of() : c.incoming() ? row.consumers() : row.producers();
            if (!side.contains(c.service())) {
                missing.add(
                        c.service()
                                + " "
                                + (c.incoming() ? "consumes " : "produces ")
                                + c.topic()
                                + " (channel "
                                + c.name()
                                + ")");
            }
        }
        assertThat(missing).as("channels the table does not show").isEmpty();
    }

    @Test
    void everyServiceTheTableNamesHasThatChannel() {
        List<Channel> channels = channels();
        List<String> invented = new ArrayList<>();
        table().forEach(
                        (topic, row) -> {
                            row.producers().stream()
                                    .filter(
                                            s ->
                                                    SERVICES.contains(s)
                                                            && !has(channels, s, false, topic))
                                    .forEach(s -> invented.add(s + " produces " + topic));
                            row.consumers().stream()
                                    .filter(
                                            s ->
                                                    SERVICES.contains(s)
                                                            && !has(channels, s, true, topic))
                                    .forEach(s -> invented.add(s + " consumes " + topic));
                        });
        assertThat(invented).as("table entries no channel backs").isEmpty();
    }

    @Test
    void everyIncomingChannelDeadLettersToItsTopicsDlq() {
        for (String service : SERVICES) {
            List<String> props = properties(service);
            for (Channel c : channels()) {
                if (c.service().equals(service) && c.incoming()) {
                    assertThat(props)
                            .as(service + " " + c.name())
                            .contains(
                                    "mp.messaging.incoming."
                                            + c.name()
                                            + ".dead-letter-queue.topic="
                                            + Topics.deadLetter(c.topic()));
                }
            }
        }
    }

    @Test
    void everyCloudEventTypeInTheTableIsAnEventType() throws IllegalAccessException {
        Set<String> types = new TreeSet<>();
        for (Field f : EventTypes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                types.add((String) f.get(null));
            }
        }
        table().values()
                .forEach(
                        row ->
                                MarkdownDoc.backticked(row.payload()).stream()
                                        .filter(w -> w.startsWith("io.ostflow."))
                                        .forEach(
                                                w ->
                                                        assertThat(types)
                                                                .as(row.topic())
                                                                .contains(w)));
    }

    @Test
    void everyPayloadOfTheTableHasAnExampleThatParsesIntoItsRecordWithEveryField()
            throws IOException {
        ObjectMapper strict =
                Json.configure(new ObjectMapper())
                        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Set<String> exampled = new TreeSet<>();
        for (MarkdownDoc.Block block : page.blocks()) {
            if (!block.language().equals("json")) {
                continue;
            }
            Class<?> type =
                    eventType(block.heading())
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "no event record named in heading '"
                                                            + block.heading()
                                                            + "'"));
            JsonNode example = strict.readTree(block.text());
            Object event;
            try {
                event = strict.treeToValue(example, type);
            } catch (IOException e) {
                throw new AssertionError(
                        "the example under '"
                                + block.heading()
                                + "' is not a "
                                + type.getSimpleName()
                                + ": "
                                + e.getMessage(),
                        e);
            }
            JsonNode written = strict.valueToTree(event);
            assertThat(fieldNames(example))
                    .as(type.getSimpleName() + " example's fields")
                    .isEqualTo(fieldNames(written));
            exampled.add(type.getSimpleName());
            if (event instanceof TrainingCompleted done) {
                assertThat(done.modelKey())
                        .as("modelKey as the trainer writes it")
                        .isEqualTo(
                                JobRunner.checkpoint(done.jobId(), done.stageSeconds().size() - 1));
            }
        }
        Set<String> payloads =
                table().values().stream()
                        .flatMap(row -> MarkdownDoc.backticked(row.payload()).stream())
                        .filter(w -> eventClass(w).isPresent())
                        .collect(Collectors.toCollection(TreeSet::new));
        assertThat(exampled).containsAll(payloads);
    }

    private static boolean has(
            List<Channel> channels, String service, boolean incoming, String topic) {
        return channels.stream()
                .anyMatch(
                        c ->
                                c.service().equals(service)
                                        && c.incoming() == incoming
                                        && c.topic().equals(topic));
    }

    private Map<String, TopicRow> table() {
        Map<String, TopicRow> rows = new LinkedHashMap<>();
        for (MarkdownDoc.Row row : page.rows()) {
            if (row.header().get(0).equals("topic")) {
                String topic = MarkdownDoc.backticked(row.cell(0)).get(0);
                rows.put(
                        topic,
                        new TopicRow(
                                topic,
                                row.cell(2),
                                names(row.cell(3)),
                                names(row.cell(4)),
                                row.cell(5)));
            }
        }
        return rows;
    }

    /** "planner (state `pending`), operators" is {planner, operators}. */
    private static Set<String> names(String cell) {
        return Arrays.stream(cell.replaceAll("\\([^)]*\\)", "").split("[,/]"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Channel> channels() {
        List<Channel> channels = new ArrayList<>();
        for (String service : SERVICES) {
            for (String line : properties(service)) {
                Matcher m = CHANNEL_TOPIC.matcher(line);
                if (m.matches()) {
                    channels.add(
                            new Channel(
                                    service,
                                    m.group(1).equals("incoming"),
                                    m.group(2),
                                    m.group(3).strip()));
                }
            }
        }
        return channels;
    }

    private static List<String> properties(String service) {
        try {
            return Files.readAllLines(
                            Path.of("..", service, "src/main/resources/application.properties"))
                    .stream()
                    .map(String::strip)
                    .filter(l -> !l.startsWith("#") && !l.startsWith("%"))
                    .toList();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + service + "'s application.properties", e);
        }
    }

    private static Optional<Class<?>> eventType(String heading) {
        List<Class<?>> named =
                MarkdownDoc.backticked(heading).stream()
                        .map(EventsDocTest::eventClass)
                        .flatMap(Optional::stream)
                        .toList();
        return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
    }

    private static Optional<Class<?>> eventClass(String simpleName) {
        if (!simpleName.matches("[A-Z][A-Za-z]+")) {
            return Optional.empty();
        }
        for (String pkg : EVENT_PACKAGES) {
            try {
                return Optional.of(Class.forName(pkg + simpleName));
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        return Optional.empty();
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
