package io.ostflow.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No class in any module's {@code src/main} is over {@value #MAX_LINES} lines, with no exception
 * list (docs/architecture.md, Layers): a class that grows past it has more than one job.
 */
class ClassSizeTest {
    static final int MAX_LINES = 300;

    @Test
    void noMainClassIsOverThreeHundredLines() throws IOException {
        List<String> sources = mainSources(Path.of(".."));
        assertThat(sources).as("main sources found").hasSizeGreaterThan(100);
        List<String> tooLong =
                sources.stream()
                        .filter(f -> lines(Path.of(f)) > MAX_LINES)
                        .map(f -> f + " (" + lines(Path.of(f)) + " lines)")
                        .toList();
        assertThat(tooLong).as("classes over %d lines", MAX_LINES).isEmpty();
    }

    @Test
    void theRuleSeesALongClass(@TempDir Path dir) throws IOException {
        Path module = Files.createDirectories(dir.resolve("m/src/main/java/x"));
        Files.writeString(module.resolve("Long.java"), "class Long {}\n".repeat(MAX_LINES + 1));
        List<String> found = mainSources(dir);
        assertThat(found).hasSize(1);
        assertThat(lines(Path.of(found.get(0)))).isGreaterThan(MAX_LINES);
    }

    /** Every .java file under a {@code src/main} folder of {@code root}, build outputs skipped. */
    static List<String> mainSources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
