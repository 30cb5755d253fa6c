package io.ostflow.affinity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ostflow.affinity.domain.PairSelector;
import io.ostflow.affinity.math.GlobalSsim;
import io.ostflow.affinity.service.AffinityGraph;
import io.ostflow.affinity.service.EdgeHistory;
import io.ostflow.affinity.service.StoredFeatures;
import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.Topics;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.AffinityFailed;
import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.local.testing.LocalStackResource;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.local.testing.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The affinity-worker against the real broker and S3 server, fed with what the ingest-worker
 * publishes (features made by the same code, TaskRegistered records on the tasks topic).
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AffinityWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger SITES = new AtomicInteger();

    @Test
    @Order(1)
    void isLiveAndReady() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    @Order(2)
    void twoSitesGiveEveryPairOnceAndRedeliveryPublishesNothingNew() {
        String a = site();
        String b = site();
        List<TaskRegistered> tasks = registerSites(a, b);

        await().atMost(WAIT).until(() -> edges(a, b).size() == 24 * 23 / 2);
        assertThat(edges(a, b))
                .allSatisfy(
                        e -> {
                            assertThat(e.a()).isLessThan(e.b());
                            assertThat(e.weightsVersion()).isZero();
                            assertThat(e.connected()).isEqualTo(e.weight() != null);
                        });
        int records = edgeRecords(a, b).size();
        assertThat(records).as("each pair published once").isEqualTo(edges(a, b).size());

        publish(Topics.TASKS, tasks.get(0).task().toString(), tasks.get(0));
        publish(Topics.TASKS, tasks.get(5).task().toString(), tasks.get(5));
        await().during(Duration.ofSeconds(3))
                .atMost(WAIT)
                .until(() -> edgeRecords(a, b).size() == records);
    }

    @Test
    @Order(3)
    void aRestartRestoresTheEdgesAndComputesNothing() {
        String a = site();
        String b = site();
        List<TaskRegistered> tasks = registerSites(a, b);
        await().atMost(WAIT).until(() -> edges(a, b).size() == 276);

        var stack = SharedLocalStack.get();
        AffinityGraph restarted =
                new AffinityGraph(
                        new StoredFeatures(stack.objectStore(), ObjectKeys.FEATURES_BUCKET),
                        new PairSelector(OptionalInt.empty(), 42),
                        GlobalSsim.AUTHORS,
                        EdgeWeights.AUTHORS);
        new EdgeHistory(stack.endpoints().kafka()).readAll().forEach(restarted::restore);
        int computed = tasks.stream().mapToInt(t -> restarted.add(t).pairsComputed()).sum();
        assertThat(computed).isZero();
    }

    @Test
    @Order(4)
    void aTaskWithoutFingerprintsGetsAffinityFailedAndTheWorkerGoesOn() {
        String site = site();
        PhantomTasks phantoms = new PhantomTasks();
        TaskRegistered task =
                phantoms.site(site, Role.SOURCE, 1, 5).get(0); // features never stored
        publish(Topics.TASKS, task.task().toString(), task);
        publish(Topics.TASKS, "not-a-task", "{\"this\": is not json");

        await().atMost(WAIT).until(() -> !failures(task.task().toString()).isEmpty());
        assertThat(failures(task.task().toString()).get(0).reason()).isEqualTo("FEATURES_MISSING");
        await().atMost(WAIT)
                .until(
                        () ->
                                !probe().records(
                                                Topics.deadLetter(Topics.TASKS),
                                                "not-a-task"::equals)
                                        .isEmpty());

        String a = site();
        String b = site();
        registerSites(a, b);
        await().atMost(WAIT).until(() -> edges(a, b).size() == 276);
    }

    @Test
    @Order(5)
    void newWeightsReweighEveryEdgeFromStoredHAndR() {
        String a = site();
        String b = site();
        registerSites(a, b);
        await().atMost(WAIT).until(() -> edges(a, b).size() == 276);
        Map<String, AffinityEdge> before =
                edges(a, b).stream().collect(Collectors.toMap(AffinityEdge::key, e -> e));

        publish(
                Topics.WEIGHTS,
                EdgeWeights.KEY,
                new EdgeWeights(7, 0.5, -2, 3, "none", Instant.now()));

        await().atMost(WAIT)
                .until(() -> edges(a, b).stream().allMatch(e -> e.weightsVersion() == 7));
        assertThat(edges(a, b))
                .allSatisfy(
                        e -> {
                            AffinityEdge old = before.get(e.key());
                            assertThat(e.h()).isEqualTo(old.h());
                            assertThat(e.r()).isEqualTo(old.r());
                            if (e.connected()) {
                                assertThat(e.weight())
                                        .isCloseTo(0.5 * e.h() - 2 * e.r() + 3, within(1e-9));
                            }
                        });
    }

    @Test
    @Order(6)
    void weightsThatAllowANegativeEdgeAreDeadLetteredWithTheReasonAndTheOldOnesStay() {
        // c = 1 < 2 = -beta: a pair with R near 1 and H near 0 would weigh about -1
        publish(
                Topics.WEIGHTS,
                EdgeWeights.KEY,
                new EdgeWeights(8, 0.5, -2, 1, "none", Instant.now()));

        await().atMost(WAIT)
                .until(
                        () ->
                                !probe().records(
                                                Topics.deadLetter(Topics.WEIGHTS),
                                                EdgeWeights.KEY::equals)
                                        .isEmpty());
        var dead =
                probe().records(Topics.deadLetter(Topics.WEIGHTS), EdgeWeights.KEY::equals).get(0);
        assertThat(
                        new String(
                                dead.headers().lastHeader("dead-letter-reason").value(),
                                java.nio.charset.StandardCharsets.UTF_8))
                .contains("negative edge weight", "take c >= 2.0");

        String a = site();
        String b = site();
        registerSites(a, b);
        await().atMost(WAIT).until(() -> edges(a, b).size() == 276);
        assertThat(edges(a, b)).allMatch(e -> e.weightsVersion() == 7);
    }

    @Test
    @Order(10)
    void aWithdrawnSiteRetiresEveryEdgeOfItsTasksAndIsNeverPairedAgain() {
        String a = site();
        String b = site();
        List<TaskRegistered> tasks = registerSites(a, b);
        await().atMost(WAIT).until(() -> edges(a, b).size() == 276);

        tasks.stream()
                .filter(t -> t.task().site().equals(b))
                .forEach(t -> probe().publish(Topics.TASKS, t.task().toString(), null));
        await().atMost(WAIT)
                .until(() -> latest(a, b).values().stream().filter(v -> v == null).count() == 210);
        assertThat(latest(a, b))
                .as("the edges within the site that stays are kept")
                .allSatisfy((key, value) -> assertThat(value == null).isEqualTo(key.contains(b)));

        String c = site();
        String d = site();
        registerSites(c, d);
        publish(Topics.TASKS, tasks.get(0).task().toString(), tasks.get(0));
        await().atMost(WAIT).until(() -> edges(c, d).size() == 276);
        Map<String, List<String>> ofB = new TreeMap<>();
        for (var r :
                probe().records(
                                Topics.EDGES,
                                k -> k.startsWith(b + "-") || k.contains("|" + b + "-"))) {
            ofB.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
        }
        assertThat(ofB)
                .as("every edge of the withdrawn site, with any task, ends in its one tombstone")
                .isNotEmpty()
                .allSatisfy(
                        (key, values) -> {
                            assertThat(values.get(values.size() - 1)).isNull();
                            assertThat(values.stream().filter(v -> v == null)).hasSize(1);
                        });
    }

    /** The latest value per edge key among the tasks of sites a and b (null for a tombstone). */
    private static Map<String, String> latest(String a, String b) {
        Map<String, String> latest = new TreeMap<>();
        probe().records(Topics.EDGES, k -> among(k, a, b))
                .forEach(r -> latest.put(r.key(), r.value()));
        return latest;
    }

    private static List<TaskRegistered> registerSites(String a, String b) {
        PhantomTasks phantoms = new PhantomTasks();
        List<TaskRegistered> tasks = new ArrayList<>(phantoms.site(a, Role.SOURCE, 2, 11));
        tasks.addAll(phantoms.site(b, Role.TARGET, 2, 12));
        var store = SharedLocalStack.get().objectStore();
        phantoms.files.forEach(
                (key, bytes) ->
                        store.put(
                                ObjectKeys.FEATURES_BUCKET,
                                key,
                                bytes,
                                "application/octet-stream"));
        tasks.forEach(t -> publish(Topics.TASKS, t.task().toString(), t));
        return tasks;
    }

    /** Latest edge per pair among the tasks of sites a and b. */
    private static List<AffinityEdge> edges(String a, String b) {
        Map<String, AffinityEdge> latest = new TreeMap<>();
        for (var record : probe().records(Topics.EDGES, k -> among(k, a, b))) {
            if (record.value() == null) {
                latest.remove(record.key());
            } else {
                latest.put(record.key(), parse(record.value(), AffinityEdge.class));
            }
        }
        return List.copyOf(latest.values());
    }

    private static List<?> edgeRecords(String a, String b) {
        return probe().records(Topics.EDGES, k -> among(k, a, b));
    }

    private static boolean among(String key, String a, String b) {
        String[] ids = key.split("\\|");
        return ids.length == 2
                && (ids[0].startsWith(a + "-") || ids[0].startsWith(b + "-"))
                && (ids[1].startsWith(a + "-") || ids[1].startsWith(b + "-"));
    }

    private static List<AffinityFailed> failures(String task) {
        return probe().records(Topics.AFFINITY_EVENTS, task::equals).stream()
                .map(r -> parse(r.value(), AffinityFailed.class))
                .filter(f -> f.reason() != null)
                .toList();
    }

    private static TopicProbe probe() {
        return new TopicProbe(SharedLocalStack.get().endpoints().kafka());
    }

    private static String site() {
        return "aw" + ProcessHandle.current().pid() + "x" + SITES.incrementAndGet();
    }

    private static void publish(String topic, String key, Object value) {
        String json;
        try {
            json = value instanceof String s ? s : Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        probe().publish(topic, key, json);
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
