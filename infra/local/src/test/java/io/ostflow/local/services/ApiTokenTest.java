package io.ostflow.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's operator token file: made once, whole, readable by its owner only. */
class ApiTokenTest {
    @Test
    void aTokenIsMadeOnceAndKept(@TempDir Path home) throws Exception {
        String token = ApiToken.ensure(home);

        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        assertThat(ApiToken.ensure(home)).isEqualTo(token);
        assertThat(Files.readString(ApiToken.file(home)).trim()).isEqualTo(token);
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(ApiToken.file(home))))
                .isEqualTo("rw-------");
        try (var files = Files.list(home)) {
            assertThat(files).as("no temporary file left").containsExactly(ApiToken.file(home));
        }
    }

    @Test
    void anEmptyFileLeftByACrashIsReplacedNotAnError(@TempDir Path home) throws Exception {
        Files.createFile(ApiToken.file(home));

        String token = ApiToken.ensure(home);

        assertThat(token).isNotBlank();
        assertThat(Files.readString(ApiToken.file(home)).trim()).isEqualTo(token);
        assertThat(ApiToken.find(home)).contains(token);
    }
}
