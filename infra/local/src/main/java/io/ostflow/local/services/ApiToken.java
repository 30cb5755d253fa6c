package io.ostflow.local.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The operator token of a local stack: what {@code ./ostflow up} and the demo give the planner
 * ({@code ostflow.planner.api-token}) and what the command line and the dashboard link send.
 * {@value #ENV} overrides it; otherwise it is {@code HOME/api-token}, made on first use with 32
 * random bytes and readable by its owner only (mode 600).
 */
public final class ApiToken {
    /** Environment variable that overrides the file. */
    public static final String ENV = "OSTFLOW_API_TOKEN";

    /** The file's name under the stack's home. */
    public static final String FILE = "api-token";

    private ApiToken() {}

    /** The stack's token, made if there is none yet. */
    public static String ensure(Path home) {
        Optional<String> existing = find(home);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            Files.createDirectories(home);
            // written whole before it gets its name: a crash never leaves an empty token file
            Path written =
                    Files.createTempFile(
                            home,
                            FILE + ".",
                            ".tmp",
                            PosixFilePermissions.asFileAttribute(
                                    PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(written, token + "\n", StandardCharsets.UTF_8);
                return publish(home, written, token);
            } finally {
                Files.deleteIfExists(written);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(home), e);
        }
    }

    /**
     * Names the written token file {@code api-token} unless another process got there first (then
     * its token wins); an empty file, left by an older ostflow that crashed between creating and
     * writing it, is replaced.
     */
    private static String publish(Path home, Path written, String token) throws IOException {
        try {
            Files.createLink(file(home), written);
            return token;
        } catch (FileAlreadyExistsException e) {
            Optional<String> other = find(home);
            if (other.isPresent()) {
                return other.get();
            }
            Files.move(
                    written,
                    file(home),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return token;
        }
    }

    /** The token a client of the stack under {@code home} sends: {@value #ENV}, else the file. */
    public static Optional<String> find(Path home) {
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured.trim());
        }
        if (!Files.isRegularFile(file(home))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file(home), StandardCharsets.UTF_8).trim())
                    .filter(t -> !t.isEmpty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(home), e);
        }
    }

    public static Path file(Path home) {
        return home.resolve(FILE);
    }
}
