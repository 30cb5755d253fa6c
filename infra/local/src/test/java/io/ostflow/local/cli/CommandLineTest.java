package io.ostflow.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ostflow.common.Json;
import io.ostflow.common.Topics;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.storage.MinioNotification;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.local.services.ApiToken;
import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.testing.LocalStackExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@ExtendWith(LocalStackExtension.class)
class CommandLineTest {

    @Test
    void inspectPrintsOneJsonObject(@TempDir Path dir) throws Exception {
        run(
                "generate",
                "--out",
                dir.toString(),
                "--sites",
                "1",
                "--target-sites",
                "0",
                "--cases",
                "1",
                "--shape",
                "24,20,16");

        Result result = run("inspect", dir.resolve("01/labelsTr/case001.nii.gz").toString());

        assertThat(result.code).isZero();
        JsonNode json = Json.mapper().readTree(result.out);
        assertThat(json.get("version").asInt()).isEqualTo(1);
        assertThat(json.get("dims").toString()).isEqualTo("[24,20,16]");
        assertThat(json.get("datatype").asText()).isEqualTo("uint8");
        assertThat(json.get("pixdim").size()).isEqualTo(8);
        assertThat(json.get("min").asDouble()).isZero();
        assertThat(json.get("max").asDouble()).isBetween(0.0, 3.0);
        assertThat(json.has("mean") && json.has("sclSlope") && json.has("sclInter")).isTrue();
    }

    @Test
    void inspectOfABadFileSaysWhyInOneLineAndExitsTwo(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.nii");
        Files.write(bad, new byte[400]);

        Result result = run("inspect", bad.toString());

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err.strip())
                .startsWith("error: BAD_HEADER_SIZE: ")
                .doesNotContain("\n")
                .doesNotContain("Exception");
    }

    @Test
    void badArgumentsExitTwoWithAMessage() {
        Result shape = run("generate", "--out", "/tmp/never", "--shape", "1,2");
        assertThat(shape.code).isEqualTo(2);
        assertThat(shape.err).contains("--shape must be X,Y,Z");

        Result unknown = run("frobnicate");
        assertThat(unknown.code).isEqualTo(2);

        assertThat(run("upload", "--help").code).isZero();
    }

    @Test
    void uploadTakesSeveralFoldersInOneRunEachWithItsDatasetJsonLast(
            LocalStack stack, @TempDir Path dir) throws Exception {
        run(
                "generate",
                "--out",
                dir.toString(),
                "--sites",
                "2",
                "--target-sites",
                "0",
                "--cases",
                "2",
                "--shape",
                "16,16,12");
        String prefix = "mu" + UUID.randomUUID().toString().substring(0, 6).replace("-", "");
        // the generated dataset.json names sites 01 and 02: copy them under fresh names
        List<String> sites = List.of(prefix + "a", prefix + "b");
        List<String> args = new ArrayList<>(List.of("upload"));
        for (int i = 0; i < 2; i++) {
            Path folder = dir.resolve("0" + (i + 1));
            Path descriptor = folder.resolve("dataset.json");
            Files.writeString(
                    descriptor,
                    Files.readString(descriptor)
                            .replace(
                                    "\"site\" : \"0" + (i + 1) + "\"",
                                    "\"site\" : \"" + sites.get(i) + "\""));
            args.add(folder.toString());
        }
        var e = stack.endpoints();
        args.addAll(
                List.of(
                        "--kafka",
                        e.kafka(),
                        "--s3",
                        e.s3(),
                        "--access-key",
                        e.s3AccessKey(),
                        "--secret-key",
                        e.s3SecretKey()));

        Result result = run(args.toArray(String[]::new));

        assertThat(result.code).as(result.err).isZero();
        for (String site : sites) {
            assertThat(stack.objectStore().list(ObjectKeys.LANDING_BUCKET, site + "/"))
                    .as(site)
                    .hasSize(11);
            List<ConsumerRecord<String, String>> records = notificationsFor(stack, site, 11);
            assertThat(records.get(records.size() - 1).key())
                    .isEqualTo(ObjectKeys.LANDING_BUCKET + "/" + site + "/dataset.json");
        }
        assertThat(
                        run(
                                        "upload",
                                        dir.resolve("01").toString(),
                                        dir.resolve("02").toString(),
                                        "--site",
                                        "x")
                                .code)
                .as("--site names one site")
                .isEqualTo(2);
    }

    @Test
    void uploadPutsEveryFileAndPublishesMinioNotificationsDatasetJsonLast(
            LocalStack stack, @TempDir Path dir) throws Exception {
        run(
                "generate",
                "--out",
                dir.toString(),
                "--sites",
                "1",
                "--target-sites",
                "0",
                "--cases",
                "1",
                "--shape",
                "16,16,12");
        String site = "up" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
        var e = stack.endpoints();

        Result result =
                run(
                        "upload",
                        dir.resolve("01").toString(),
                        "--site",
                        site,
                        "--role",
                        "target",
                        "--kafka",
                        e.kafka(),
                        "--s3",
                        e.s3(),
                        "--access-key",
                        e.s3AccessKey(),
                        "--secret-key",
                        e.s3SecretKey());

        assertThat(result.code).as(result.err).isZero();
        List<String> keys =
                stack.objectStore().list(ObjectKeys.LANDING_BUCKET, site + "/").stream()
                        .map(o -> o.key())
                        .toList();
        assertThat(keys)
                .hasSize(6)
                .contains(site + "/dataset.json", site + "/imagesTr/case001_0003.nii.gz");
        DatasetDescriptor uploaded =
                Json.mapper()
                        .readValue(
                                stack.objectStore()
                                        .get(ObjectKeys.LANDING_BUCKET, site + "/dataset.json"),
                                DatasetDescriptor.class);
        assertThat(uploaded.ostflow().site()).isEqualTo(site);
        assertThat(uploaded.ostflow().role().wireName()).isEqualTo("target");

        List<ConsumerRecord<String, String>> records = notificationsFor(stack, site, 6);
        assertThat(records).hasSize(6);
        ConsumerRecord<String, String> last = records.get(records.size() - 1);
        assertThat(last.key()).isEqualTo(ObjectKeys.LANDING_BUCKET + "/" + site + "/dataset.json");
        MinioNotification notification =
                Json.mapper().readValue(last.value(), MinioNotification.class);
        MinioNotification.Record record = notification.records().get(0);
        assertThat(notification.eventName()).isEqualTo("s3:ObjectCreated:Put");
        assertThat(record.eventSource()).isEqualTo("minio:s3");
        assertThat(record.s3().object().key()).isEqualTo(site + "%2Fdataset.json");
        assertThat(record.decodedKey()).isEqualTo(site + "/dataset.json");
        assertThat(record.s3().bucket().name()).isEqualTo(ObjectKeys.LANDING_BUCKET);
        assertThat(record.s3().object().eTag()).isNotBlank();
        assertThat(record.s3().object().sequencer()).hasSize(16);
    }

    private static List<ConsumerRecord<String, String>> notificationsFor(
            LocalStack stack, String site, int expected) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (var consumer =
                new KafkaConsumer<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                stack.endpoints().kafka(),
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "cli-test-" + UUID.randomUUID(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.STORAGE_EVENTS));
            long deadline = System.currentTimeMillis() + 20_000;
            while (seen.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(300))) {
                    if (record.key().startsWith(ObjectKeys.LANDING_BUCKET + "/" + site + "/")) {
                        seen.add(record);
                    }
                }
            }
        }
        return seen;
    }

    @Test
    void datasetsOfOneSiteSayWhyEachVersionWasDecided() throws Exception {
        String body =
                """
                [{"site": "07", "version": "aaa", "state": "rejected", "at": "2026-12-02T10:00:00Z",
                  "problems": [{"key": "07/imagesTr/x.bak", "reason": "UNEXPECTED_FILE",
                                "message": "not part of the nnU-Net layout"}],
                  "warnings": [{"key": "07/README.md", "reason": "IGNORED_FILE",
                                "message": "not part of the dataset"}]},
                 {"site": "07", "version": "bbb", "state": "registered",
                  "at": "2026-12-02T10:05:00Z", "problems": [], "warnings": []}]
                """;
        List<String> queries = new ArrayList<>();
        HttpServer planner =
                fakePlanner(
                        "/api/datasets",
                        body,
                        exchange -> queries.add(exchange.getRequestURI().getQuery()));
        try {
            Result result =
                    run(
                            "datasets",
                            "--site",
                            "07",
                            "--planner",
                            "http://127.0.0.1:" + planner.getAddress().getPort());

            assertThat(result.code).as(result.err).isZero();
            assertThat(queries).containsExactly("site=07");
            assertThat(result.out.lines())
                    .containsExactly(
                            "aaa  rejected    2026-12-02T10:00:00Z",
                            "  problem UNEXPECTED_FILE 07/imagesTr/x.bak: not part of the nnU-Net"
                                    + " layout",
                            "  warning IGNORED_FILE 07/README.md: not part of the dataset",
                            "bbb  registered  2026-12-02T10:05:00Z",
                            "2 versions of site 07");
            Result json =
                    run(
                            "datasets",
                            "--json",
                            "--planner",
                            "http://127.0.0.1:" + planner.getAddress().getPort());
            assertThat(Json.mapper().readTree(json.out)).isEqualTo(Json.mapper().readTree(body));
        } finally {
            planner.stop(0);
        }
    }

    @Test
    void apiCommandsSendTheStacksTokenAsBearer(@TempDir Path home) throws Exception {
        String token = ApiToken.ensure(home);
        assertThat(Files.getPosixFilePermissions(ApiToken.file(home)))
                .containsExactlyInAnyOrder(
                        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(ApiToken.ensure(home)).as("made once, then read").isEqualTo(token);
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);

        List<String> headers = new ArrayList<>();
        HttpServer planner =
                fakePlanner(
                        "/api/tasks",
                        "[]",
                        exchange ->
                                headers.add(
                                        exchange.getRequestHeaders().getFirst("Authorization")));
        String before = System.getProperty("ostflow.home");
        System.setProperty("ostflow.home", home.toString());
        try {
            Result result =
                    run("tasks", "--planner", "http://127.0.0.1:" + planner.getAddress().getPort());
            assertThat(result.code).as(result.err).isZero();
            assertThat(headers).containsExactly("Bearer " + token);
        } finally {
            planner.stop(0);
            if (before == null) {
                System.clearProperty("ostflow.home");
            } else {
                System.setProperty("ostflow.home", before);
            }
        }
    }

    @Test
    void auditPostsItsRequestAndReportWritesTheAuditsFiles(@TempDir Path out) throws Exception {
        String id = "audit-0123456789abcdef";
        List<String> posted = new ArrayList<>();
        java.util.Map<String, String> answers =
                java.util.Map.of(
                        "/api/audits/" + id,
                                "{\"auditId\": \"" + id + "\", \"state\": \"completed\"}",
                        "/api/audits/" + id + "/report.md", "# Audit " + id + "\n",
                        "/api/audits/" + id + "/calibration", "{\"foldsBy\": \"site\"}",
                        "/api/audits/" + id + "/dice.png", "PNG1",
                        "/api/audits/" + id + "/cost-dice.png", "PNG2");
        HttpServer planner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        planner.createContext(
                "/api/audits",
                exchange -> {
                    String path = exchange.getRequestURI().getPath();
                    int status = 200;
                    String body;
                    if (exchange.getRequestMethod().equals("POST")) {
                        String request =
                                new String(
                                        exchange.getRequestBody().readAllBytes(),
                                        StandardCharsets.UTF_8);
                        posted.add(request);
                        status = request.contains("09-T1-ED") ? 409 : 202;
                        body =
                                status == 409
                                        ? "{\"reason\": \"NOT_PLANNED\", \"message\": \"no plan for 09-T1-ED\"}"
                                        : "{\"auditId\": \""
                                                + id
                                                + "\", \"created\": true, \"jobsEnqueued\": 5}";
                    } else {
                        body = answers.getOrDefault(path, "{}");
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(status, bytes.length);
                    exchange.getResponseBody().write(bytes);
                    exchange.close();
                });
        planner.start();
        String url = "http://127.0.0.1:" + planner.getAddress().getPort();
        try {
            Result audit =
                    run(
                            "audit",
                            "05-T1-ED",
                            "05-T2-ED",
                            "--seeds",
                            "2",
                            "--grid-limit",
                            "4",
                            "--planner",
                            url);
            assertThat(audit.code).as(audit.err).isZero();
            assertThat(audit.out).contains("scheduled " + id + " (5 jobs enqueued)");
            assertThat(Json.mapper().readTree(posted.get(0)))
                    .isEqualTo(
                            Json.mapper()
                                    .readTree(
                                            "{\"targets\": [\"05-T1-ED\", \"05-T2-ED\"], \"seeds\": 2,"
                                                    + " \"gridLimit\": 4}"));

            Result refused = run("audit", "09-T1-ED", "--planner", url);
            assertThat(refused.code).isEqualTo(1);
            assertThat(refused.err).contains("409").contains("no plan for 09-T1-ED");

            Result report = run("report", id, "--out", out.toString(), "--planner", url);
            assertThat(report.code).as(report.err).isZero();
            assertThat(Files.readString(out.resolve("report.md"))).startsWith("# Audit " + id);
            assertThat(Files.readString(out.resolve("calibration.json"))).contains("site");
            assertThat(Files.readString(out.resolve("dice.png"))).isEqualTo("PNG1");
            assertThat(Files.readString(out.resolve("cost-dice.png"))).isEqualTo("PNG2");
            assertThat(Files.readString(out.resolve("audit.json"))).contains("completed");

            Result bad = run("report", "not-an-audit", "--out", out.toString(), "--planner", url);
            assertThat(bad.code).isEqualTo(2);
            assertThat(bad.err).contains("audit- and 16 hex digits");
        } finally {
            planner.stop(0);
        }
    }

    /** A planner stand-in that answers {@code body} on {@code path}, after {@code seen}. */
    private static HttpServer fakePlanner(
            String path, String body, java.util.function.Consumer<HttpExchange> seen)
            throws java.io.IOException {
        HttpServer planner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        planner.createContext(
                path,
                exchange -> {
                    seen.accept(exchange);
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                    exchange.close();
                });
        planner.start();
        return planner;
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = OstflowCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {}
}
