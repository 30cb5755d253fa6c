package io.ostflow.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The tables and code blocks of one page of docs/, each with the heading it stands under. */
final class MarkdownDoc {
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    /** A table row: its cells (trimmed), the table's header cells, and the section heading. */
    record Row(String section, List<String> header, List<String> cells) {
        String cell(int i) {
            return i < cells.size() ? cells.get(i) : "";
        }
    }

    /** A fenced code block, its language and the nearest heading above it. */
    record Block(String heading, String language, String text) {}

    private final List<String> lines;

    private MarkdownDoc(List<String> lines) {
        this.lines = lines;
    }

    /** A page of docs/ (the tests run in the docs module, whose directory is docs/). */
    static MarkdownDoc page(String name) {
        try {
            return new MarkdownDoc(Files.readAllLines(Path.of(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row of every table; a table is a header row, a separator row, and its body rows. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        String section = "";
        List<String> header = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("## ")) {
                section = line.substring(3).strip();
            }
            if (!line.startsWith("|")) {
                header = null;
                continue;
            }
            if (header == null) {
                header = cells(line);
                i++; // the |---| separator
                continue;
            }
            rows.add(new Row(section, header, cells(line)));
        }
        return rows;
    }

    /** Lines that start a table row but stand in no table (e.g. a table split by a blank line). */
    List<String> orphanRows() {
        List<String> orphans = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            boolean row = lines.get(i).strip().startsWith("|");
            boolean previousRow = i > 0 && lines.get(i - 1).strip().startsWith("|");
            boolean nextSeparator =
                    i + 1 < lines.size() && lines.get(i + 1).strip().startsWith("| ---");
            if (row && !previousRow && !nextSeparator) {
                orphans.add(lines.get(i));
            }
        }
        return orphans;
    }

    /** Every fenced code block with the heading (## or ###) it stands under. */
    List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        String heading = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                heading = line.replaceFirst("^#+", "").strip();
            } else if (line.startsWith("```")) {
                String language = line.substring(3).strip();
                StringBuilder text = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                blocks.add(new Block(heading, language, text.toString()));
            }
        }
        return blocks;
    }

    /** The backticked words of a cell or heading, in order. */
    static List<String> backticked(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = BACKTICKED.matcher(text);
        while (m.find()) {
            words.add(m.group(1));
        }
        return words;
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
        List<String> cells = new ArrayList<>();
        // a | inside backticks (the edge key `a|b`) is not a cell boundary
        StringBuilder cell = new StringBuilder();
        boolean code = false;
        for (char c : inner.toCharArray()) {
            if (c == '`') {
                code = !code;
            }
            if (c == '|' && !code) {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
