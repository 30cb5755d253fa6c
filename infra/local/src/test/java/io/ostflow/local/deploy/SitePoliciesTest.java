package io.ostflow.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The S3 policies that compose's init gives the sites and the services, evaluated as an S3 server
 * does (an explicit Deny wins, else some Allow must match action, resource and conditions): a site
 * writes, reads and removes only under its own prefix of the landing bucket; the services read the
 * landing bucket and never change or delete what a site uploaded.
 */
class SitePoliciesTest {
    private static final Path POLICIES =
            Path.of("..", "compose", "init", "policies").toAbsolutePath().normalize();
    private static final String LANDING = "arn:aws:s3:::ostflow-landing";

    @Test
    void everySiteWritesReadsAndRemovesOnlyUnderItsOwnPrefix() throws Exception {
        List<Path> sites = sitePolicies();
        assertThat(sites).hasSizeGreaterThanOrEqualTo(2);
        for (Path file : sites) {
            String site = file.getFileName().toString().replaceAll("^site-|\\.json$", "");
            String other = site.equals("01") ? "02" : "01";
            JsonNode policy = Json.mapper().readTree(file.toFile());
            for (String action : List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject")) {
                assertThat(allows(policy, action, LANDING + "/" + site + "/imagesTr/c_0000.nii.gz"))
                        .as("%s %s in its own prefix", site, action)
                        .isTrue();
                assertThat(allows(policy, action, LANDING + "/" + other + "/dataset.json"))
                        .as("%s %s in %s's prefix", site, action, other)
                        .isFalse();
                assertThat(allows(policy, action, LANDING + "/" + site + "0/dataset.json"))
                        .as("%s %s in a prefix that only starts like its own", site, action)
                        .isFalse();
                assertThat(allows(policy, action, "arn:aws:s3:::ostflow-models/x.params"))
                        .as("%s %s in the models bucket", site, action)
                        .isFalse();
            }
            assertThat(allows(policy, "s3:ListBucket", LANDING, Map.of("s3:prefix", site + "/")))
                    .isTrue();
            assertThat(allows(policy, "s3:ListBucket", LANDING, Map.of("s3:prefix", other + "/")))
                    .isFalse();
            assertThat(allows(policy, "s3:ListBucket", LANDING, Map.of())).isFalse();
            assertThat(allows(policy, "s3:DeleteBucket", LANDING)).isFalse();
        }
    }

    @Test
    void theServicesReadTheLandingBucketAndNeverChangeIt() throws Exception {
        JsonNode policy = Json.mapper().readTree(POLICIES.resolve("services.json").toFile());
        String upload = LANDING + "/01/imagesTr/c_0000.nii.gz";
        assertThat(allows(policy, "s3:GetObject", upload)).isTrue();
        assertThat(allows(policy, "s3:ListBucket", LANDING, Map.of("s3:prefix", "01/"))).isTrue();
        assertThat(allows(policy, "s3:PutObject", upload)).isFalse();
        assertThat(allows(policy, "s3:DeleteObject", upload)).isFalse();
        for (String bucket : List.of("ostflow-features", "ostflow-models")) {
            for (String action : List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject")) {
                assertThat(allows(policy, action, "arn:aws:s3:::" + bucket + "/a/b")).isTrue();
            }
        }
    }

    @Test
    void theEvaluatorLetsAnExplicitDenyWinAndMatchesWildcards() throws Exception {
        JsonNode policy =
                Json.mapper()
                        .readTree(
                                """
                                {"Statement": [
                                  {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"},
                                  {"Effect": "Deny", "Action": ["s3:DeleteObject"], "Resource": ["arn:aws:s3:::b/keep/*"]}]}
                                """);
        assertThat(allows(policy, "s3:PutObject", "arn:aws:s3:::b/x")).isTrue();
        assertThat(allows(policy, "s3:DeleteObject", "arn:aws:s3:::b/x")).isTrue();
        assertThat(allows(policy, "s3:DeleteObject", "arn:aws:s3:::b/keep/x")).isFalse();
        assertThat(allows(policy, "s3:PutObject", "arn:aws:s3:::c/x")).isFalse();
    }

    private static List<Path> sitePolicies() throws Exception {
        try (Stream<Path> files = Files.list(POLICIES)) {
            return files.filter(f -> f.getFileName().toString().matches("site-.+\\.json"))
                    .sorted()
                    .toList();
        }
    }

    private static boolean allows(JsonNode policy, String action, String resource) {
        return allows(policy, action, resource, Map.of());
    }

    private static boolean allows(
            JsonNode policy, String action, String resource, Map<String, String> context) {
        boolean allowed = false;
        for (JsonNode statement : policy.path("Statement")) {
            if (matches(statement, action, resource, context)) {
                if (statement.path("Effect").asText().equals("Deny")) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    private static boolean matches(
            JsonNode statement, String action, String resource, Map<String, String> context) {
        return anyGlob(statement.path("Action"), action)
                && anyGlob(statement.path("Resource"), resource)
                && conditionsHold(statement.path("Condition"), context);
    }

    /** StringLike conditions (the only operator the policies use): every key must match. */
    private static boolean conditionsHold(JsonNode condition, Map<String, String> context) {
        List<String> operators = new ArrayList<>();
        condition.fieldNames().forEachRemaining(operators::add);
        assertThat(operators).as("condition operators").isSubsetOf("StringLike");
        var keys = condition.path("StringLike").fields();
        while (keys.hasNext()) {
            var key = keys.next();
            String value = context.get(key.getKey());
            if (value == null || !anyGlob(key.getValue(), value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyGlob(JsonNode patterns, String value) {
        List<String> list = new ArrayList<>();
        if (patterns.isArray()) {
            patterns.forEach(p -> list.add(p.asText()));
        } else if (patterns.isTextual()) {
            list.add(patterns.asText());
        }
        return list.stream().anyMatch(p -> glob(p).matcher(value).matches());
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
