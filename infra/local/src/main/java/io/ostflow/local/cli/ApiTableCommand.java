package io.ostflow.local.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ostflow tasks|edges|plans|jobs|models|targets|datasets}: what the planner's API says, as a
 * table.
 */
abstract class ApiTableCommand implements Callable<Integer> {
    @Mixin PlannerOption planner;

    @Option(names = "--json", description = "print the API's JSON instead of a table")
    boolean json;

    @Spec CommandSpec spec;

    abstract String path();

    abstract List<Column> columns();

    /** A column: header and how to read it from one JSON row. */
    record Column(String header, Function<JsonNode, String> value) {}

    @Override
    public Integer call() {
        JsonNode rows = fetch();
        if (json) {
            printJson(rows);
        } else {
            print(rows);
        }
        return 0;
    }

    void printJson(JsonNode rows) {
        try {
            spec.commandLine()
                    .getOut()
                    .println(
                            Json.mapper()
                                    .writerWithDefaultPrettyPrinter()
                                    .writeValueAsString(rows));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode fetch() {
        return planner.client().get(path());
    }

    /** Prints {@code rows} as a table of {@link #columns()}. */
    void print(JsonNode rows) {
        List<Column> columns = columns();
        List<String[]> cells = new ArrayList<>();
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).header().length();
        }
        for (JsonNode row : rows) {
            String[] line = new String[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                line[c] = columns.get(c).value().apply(row);
                widths[c] = Math.max(widths[c], line[c].length());
            }
            cells.add(line);
        }
        var out = spec.commandLine().getOut();
        StringBuilder header = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            header.append(String.format("%-" + (widths[c] + 2) + "s", columns.get(c).header()));
        }
        out.println(header.toString().stripTrailing());
        for (String[] line : cells) {
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < line.length; c++) {
                s.append(String.format("%-" + (widths[c] + 2) + "s", line[c]));
            }
            out.println(s.toString().stripTrailing());
        }
        out.println(cells.size() + " rows");
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    /** A JSON array of task ids as {@code a -> b -> c}. */
    static String path(JsonNode tasks) {
        List<String> steps = new ArrayList<>();
        tasks.forEach(t -> steps.add(t.asText()));
        return String.join(" -> ", steps);
    }

    static String number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : String.format("%.4f", value.asDouble());
    }
}
