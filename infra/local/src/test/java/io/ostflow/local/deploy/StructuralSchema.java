package io.ostflow.local.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a custom resource against the {@code openAPIV3Schema} of its CustomResourceDefinition
 * the way the Kubernetes API server does with strict field validation ({@code kubectl apply
 * --validate=strict}, the default since 1.27): types (with {@code x-kubernetes-int-or-string} and
 * {@code nullable}), required fields, enums, patterns, bounds, {@code items}, {@code
 * additionalProperties}, {@code anyOf}/{@code oneOf}/{@code allOf}/{@code not}, and unknown fields
 * as errors unless the schema preserves them. {@code metadata} is Kubernetes' own ObjectMeta and is
 * only checked to be an object with a name.
 */
final class StructuralSchema {
    private final JsonNode root;

    StructuralSchema(JsonNode openApiV3Schema) {
        this.root = openApiV3Schema;
    }

    /** Every violation, as {@code path: message}; empty when the resource is valid. */
    List<String> validate(JsonNode resource) {
        List<String> errors = new ArrayList<>();
        JsonNode metadata = resource.path("metadata");
        if (!metadata.isObject() || !metadata.path("name").isTextual()) {
            errors.add("metadata: must be an object with a name");
        }
        for (Map.Entry<String, JsonNode> field : fields(resource)) {
            if (!field.getKey().equals("metadata")) {
                JsonNode schema = root.path("properties").path(field.getKey());
                if (schema.isMissingNode()) {
                    errors.add(field.getKey() + ": unknown field");
                } else {
                    check(schema, field.getValue(), field.getKey(), errors);
                }
            }
        }
        for (JsonNode required : root.path("required")) {
            if (!resource.has(required.asText())) {
                errors.add(required.asText() + ": required");
            }
        }
        return errors;
    }

    private void check(JsonNode schema, JsonNode node, String path, List<String> errors) {
        if (node.isNull()) {
            if (!schema.path("nullable").asBoolean()) {
                errors.add(path + ": must not be null");
            }
            return;
        }
        if (!typeMatches(schema, node)) {
            errors.add(path + ": must be " + expected(schema) + ", is " + node.getNodeType());
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), node)) {
            errors.add(path + ": must be one of " + schema.get("enum") + ", is " + node);
        }
        if (schema.has("pattern")
                && node.isTextual()
                && !Pattern.compile(schema.get("pattern").asText()).matcher(node.asText()).find()) {
            errors.add(path + ": must match " + schema.get("pattern").asText());
        }
        if (schema.has("minimum")
                && node.isNumber()
                && node.asDouble() < schema.get("minimum").asDouble()) {
            errors.add(path + ": must be >= " + schema.get("minimum"));
        }
        if (schema.has("maximum")
                && node.isNumber()
                && node.asDouble() > schema.get("maximum").asDouble()) {
            errors.add(path + ": must be <= " + schema.get("maximum"));
        }
        combinators(schema, node, path, errors);
        if (node.isObject()) {
            object(schema, node, path, errors);
        } else if (node.isArray() && schema.has("items")) {
            for (int i = 0; i < node.size(); i++) {
                check(schema.get("items"), node.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private void object(JsonNode schema, JsonNode node, String path, List<String> errors) {
        for (JsonNode required : schema.path("required")) {
            if (!node.has(required.asText())) {
                errors.add(path + "." + required.asText() + ": required");
            }
        }
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        JsonNode additional = schema.path("additionalProperties");
        for (Map.Entry<String, JsonNode> field : fields(node)) {
            String at = path + "." + field.getKey();
            JsonNode property = schema.path("properties").path(field.getKey());
            if (!property.isMissingNode()) {
                check(property, field.getValue(), at, errors);
            } else if (additional.isObject()) {
                check(additional, field.getValue(), at, errors);
            } else if (!preserve && !additional.asBoolean(false)) {
                errors.add(at + ": unknown field");
            }
        }
    }

    /** Value validations in anyOf / oneOf / allOf / not, checked on the same node. */
    private void combinators(JsonNode schema, JsonNode node, String path, List<String> errors) {
        if (schema.has("allOf")) {
            for (JsonNode s : schema.get("allOf")) {
                check(merged(schema, s), node, path, errors);
            }
        }
        if (schema.has("anyOf") && passing(schema, schema.get("anyOf"), node, path) == 0) {
            errors.add(path + ": matches none of anyOf " + schema.get("anyOf"));
        }
        if (schema.has("oneOf") && passing(schema, schema.get("oneOf"), node, path) != 1) {
            errors.add(path + ": must match exactly one of oneOf " + schema.get("oneOf"));
        }
        if (schema.has("not") && passing(schema, List.of(schema.get("not")), node, path) == 1) {
            errors.add(path + ": must not match " + schema.get("not"));
        }
    }

    private long passing(
            JsonNode parent, Iterable<JsonNode> alternatives, JsonNode node, String path) {
        long passing = 0;
        for (JsonNode alternative : alternatives) {
            List<String> found = new ArrayList<>();
            check(merged(parent, alternative), node, path, found);
            if (found.isEmpty()) {
                passing++;
            }
        }
        return passing;
    }

    /**
     * A branch of a combinator holds value validations only (structural schemas); it is checked
     * with the parent's type and fields, without the parent's combinators.
     */
    private static JsonNode merged(JsonNode parent, JsonNode branch) {
        ObjectNode copy = (ObjectNode) parent.deepCopy();
        copy.remove(List.of("anyOf", "oneOf", "allOf", "not"));
        fields(branch)
                .forEach(
                        f -> {
                            if (f.getKey().equals("properties") && copy.has("properties")) {
                                ((ObjectNode) copy.get("properties"))
                                        .setAll((ObjectNode) f.getValue());
                            } else {
                                copy.set(f.getKey(), f.getValue());
                            }
                        });
        return copy;
    }

    private static boolean typeMatches(JsonNode schema, JsonNode node) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            return node.isIntegralNumber() || node.isTextual();
        }
        return switch (schema.path("type").asText("")) {
            case "" -> true;
            case "object" -> node.isObject();
            case "array" -> node.isArray();
            case "string" -> node.isTextual();
            case "integer" -> node.isIntegralNumber();
            case "number" -> node.isNumber();
            case "boolean" -> node.isBoolean();
            default -> false;
        };
    }

    private static String expected(JsonNode schema) {
        return schema.path("x-kubernetes-int-or-string").asBoolean()
                ? "an integer or a string"
                : schema.path("type").asText();
    }

    private static boolean contains(JsonNode values, JsonNode node) {
        for (JsonNode v : values) {
            if (v.equals(node)) {
                return true;
            }
        }
        return false;
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
        node.fields().forEachRemaining(list::add);
        return list;
    }
}
