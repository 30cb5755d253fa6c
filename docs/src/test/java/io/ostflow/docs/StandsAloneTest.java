package io.ostflow.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository stands alone: no source, doc or build file points at a specification outside it or
 * at "its issue" (a tracker the reader does not have); docs/algorithm.md is the method's page.
 */
class StandsAloneTest {
    // built from parts so that this file does not match itself
    private static final List<String> OUTSIDE =
            List.of("ALGORITHM" + ".md", "RECIPES" + ".md", "shared" + "/spec", "(its " + "issue)");
    private static final Set<String> SKIPPED =
            Set.of("target", ".git", ".ostflow", ".mvn", "node_modules");
    private static final Set<String> TEXT =
            Set.of("java", "md", "properties", "yaml", "yml", "xml", "sh", "py", "html", "js");

    @Test
    void noFilePointsOutsideTheRepository() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(".."))) {
            List<String> offenders =
                    files.filter(this::isText)
                            .filter(p -> mentionsOutside(p))
                            .map(Path::toString)
                            .sorted()
                            .toList();
            assertThat(offenders).as("files citing what is not in the repository").isEmpty();
        }
    }

    private boolean isText(Path p) {
        for (Path part : p) {
            if (SKIPPED.contains(part.toString())) {
                return false;
            }
        }
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return Files.isRegularFile(p)
                && (dot > 0 && TEXT.contains(name.substring(dot + 1)) || name.equals("ostflow"));
    }

    private static boolean mentionsOutside(Path p) {
        try {
            String text = Files.readString(p);
            return OUTSIDE.stream().anyMatch(text::contains);
        } catch (IOException e) {
            return false; // not UTF-8 text
        }
    }

    @Test
    void theAlgorithmPageCarriesEverySectionTheJavadocCites() throws IOException {
        String page = Files.readString(Path.of("algorithm.md"));
        for (int section = 1; section <= 9; section++) {
            assertThat(page).contains("\n## " + section + ". ");
        }
    }
}
