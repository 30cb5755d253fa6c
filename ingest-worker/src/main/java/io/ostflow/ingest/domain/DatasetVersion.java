package io.ostflow.ingest.domain;

import io.ostflow.common.storage.ObjectStore.StoredObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The version of a drop: a content hash over every object of the site folder (relative key, ETag,
 * size), so the same upload always has the same version and any changed file a new one. 32 hex
 * digits (128 bits of SHA-256).
 */
public final class DatasetVersion {
    private DatasetVersion() {}

    public static String of(String site, List<StoredObject> objects) {
        MessageDigest sha = sha256();
        objects.stream()
                .sorted(Comparator.comparing(StoredObject::key))
                .forEach(
                        o ->
                                sha.update(
                                        (o.key().substring(site.length() + 1)
                                                        + "\t"
                                                        + o.etag()
                                                        + "\t"
                                                        + o.size()
                                                        + "\n")
                                                .getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
