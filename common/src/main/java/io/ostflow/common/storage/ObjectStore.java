package io.ostflow.common.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The S3 operations ostflow needs, through the MinIO SDK: the same code talks to a real MinIO and
 * to the embedded server of the local stack. MinIO's checked exceptions become {@link
 * ObjectStoreException}s that name the object.
 */
public final class ObjectStore {
    /** Region sent with every request, so the client never asks the server for one. */
    public static final String REGION = "us-east-1";

    /** S3's smallest part size; an object no larger than its part size is sent in one PUT. */
    private static final long SINGLE_PART_MINIMUM = 5L * 1024 * 1024;

    private final MinioClient client;

    public ObjectStore(MinioClient client) {
        this.client = client;
    }

    public static ObjectStore connect(String endpoint, String accessKey, String secretKey) {
        return new ObjectStore(
                MinioClient.builder()
                        .endpoint(endpoint)
                        .credentials(accessKey, secretKey)
                        .region(REGION)
                        .build());
    }

    /** The underlying client, for calls this class does not wrap. */
    public MinioClient client() {
        return client;
    }

    /** Creates the bucket unless it exists. */
    public void ensureBucket(String bucket) {
        call(
                bucket,
                "",
                () -> {
                    if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    }
                    return null;
                });
    }

    /** Stores {@code bytes}; returns the object's ETag and size as the server reports them. */
    public StoredObject put(String bucket, String key, byte[] bytes, String contentType) {
        return put(bucket, key, bytes, contentType, Map.of());
    }

    /** Stores {@code bytes} with user metadata ({@code x-amz-meta-NAME}). */
    public StoredObject put(
            String bucket,
            String key,
            byte[] bytes,
            String contentType,
            Map<String, String> userMetadata) {
        ObjectWriteResponse response =
                call(
                        bucket,
                        key,
                        () ->
                                client.putObject(
                                        PutObjectArgs.builder()
                                                .bucket(bucket)
                                                .object(key)
                                                .contentType(contentType)
                                                .userMetadata(userMetadata)
                                                .stream(
                                                        new ByteArrayInputStream(bytes),
                                                        bytes.length,
                                                        -1)
                                                .build()));
        return new StoredObject(
                key, bytes.length, stripQuotes(response.etag()), response.versionId());
    }

    /**
     * Stores {@code bytes} only if no object {@code key} exists, atomically on the server (an S3
     * conditional write, {@code If-None-Match: *}, which MinIO, Ceph RGW, AWS S3 and the local
     * stack's S3Proxy honour): of several concurrent writers exactly one wins.
     *
     * @return the stored object, or empty if the key already existed
     */
    public Optional<StoredObject> putIfAbsent(
            String bucket, String key, byte[] bytes, String contentType) {
        try {
            ObjectWriteResponse response =
                    client.putObject(
                            PutObjectArgs.builder()
                                    .bucket(bucket)
                                    .object(key)
                                    .contentType(contentType)
                                    .headers(Map.of("If-None-Match", "*"))
                                    // one part: the condition must apply to one PUT
                                    .stream(
                                            new ByteArrayInputStream(bytes),
                                            bytes.length,
                                            Math.max(SINGLE_PART_MINIMUM, bytes.length))
                                    .build());
            return Optional.of(
                    new StoredObject(
                            key, bytes.length, stripQuotes(response.etag()), response.versionId()));
        } catch (ErrorResponseException e) {
            if ("PreconditionFailed".equals(e.errorResponse().code())
                    || "ConditionalRequestConflict".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw ObjectStoreException.of(bucket, key, e);
        } catch (Exception e) {
            throw ObjectStoreException.of(bucket, key, e);
        }
    }

    /** The whole object. */
    public byte[] get(String bucket, String key) {
        return call(
                bucket,
                key,
                () -> {
                    try (InputStream in = open(bucket, key)) {
                        return in.readAllBytes();
                    }
                });
    }

    /** A stream over the object; the caller closes it. */
    public InputStream open(String bucket, String key) {
        return open(bucket, key, null);
    }

    /**
     * A stream over the object only if it still has {@code etag} (S3 {@code If-Match}); otherwise
     * an {@link ObjectStoreException} that {@link ObjectStoreException#isChanged() is changed}. A
     * null {@code etag} reads whatever is there.
     */
    public InputStream open(String bucket, String key, String etag) {
        GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(bucket).object(key);
        return call(
                bucket,
                key,
                () -> client.getObject((etag == null ? args : args.matchETag(etag)).build()));
    }

    /** Size and ETag of the object, or empty if it does not exist. */
    public Optional<StoredObject> stat(String bucket, String key) {
        try {
            StatObjectResponse stat =
                    call(
                            bucket,
                            key,
                            () ->
                                    client.statObject(
                                            StatObjectArgs.builder()
                                                    .bucket(bucket)
                                                    .object(key)
                                                    .build()));
            return Optional.of(
                    new StoredObject(key, stat.size(), stripQuotes(stat.etag()), stat.versionId()));
        } catch (ObjectStoreException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The object's user metadata (names lower-case, without {@code x-amz-meta-}); empty if none.
     */
    public Map<String, String> userMetadata(String bucket, String key) {
        StatObjectResponse stat =
                call(
                        bucket,
                        key,
                        () ->
                                client.statObject(
                                        StatObjectArgs.builder()
                                                .bucket(bucket)
                                                .object(key)
                                                .build()));
        Map<String, String> metadata = new java.util.TreeMap<>();
        stat.userMetadata()
                .forEach(
                        (name, value) ->
                                metadata.put(name.toLowerCase(java.util.Locale.ROOT), value));
        return metadata;
    }

    /** Every object under {@code prefix}, recursively, in key order. */
    public List<StoredObject> list(String bucket, String prefix) {
        return call(
                bucket,
                prefix,
                () -> {
                    List<StoredObject> objects = new ArrayList<>();
                    Iterable<Result<Item>> results =
                            client.listObjects(
                                    ListObjectsArgs.builder()
                                            .bucket(bucket)
                                            .prefix(prefix)
                                            .recursive(true)
                                            .build());
                    for (Result<Item> result : results) {
                        Item item = result.get();
                        if (!item.isDir()) {
                            objects.add(
                                    new StoredObject(
                                            item.objectName(),
                                            item.size(),
                                            stripQuotes(item.etag()),
                                            item.versionId()));
                        }
                    }
                    return objects;
                });
    }

    /** Deletes one object (no error if it does not exist). Only for derived data, never uploads. */
    public void delete(String bucket, String key) {
        call(
                bucket,
                key,
                () -> {
                    client.removeObject(
                            RemoveObjectArgs.builder().bucket(bucket).object(key).build());
                    return null;
                });
    }

    /** A URL that lets anyone holding it GET the object for {@code validity}. */
    public String presignGet(String bucket, String key, Duration validity) {
        return call(
                bucket,
                key,
                () ->
                        client.getPresignedObjectUrl(
                                GetPresignedObjectUrlArgs.builder()
                                        .method(Method.GET)
                                        .bucket(bucket)
                                        .object(key)
                                        .expiry((int) validity.toSeconds())
                                        .build()));
    }

    private static String stripQuotes(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    private static <T> T call(String bucket, String key, MinioCall<T> call) {
        try {
            return call.run();
        } catch (ObjectStoreException | StorageUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw ObjectStoreException.of(bucket, key, e);
        }
    }

    @FunctionalInterface
    private interface MinioCall<T> {
        T run() throws Exception;
    }

    /**
     * An object as listed or written.
     *
     * @param key object key
     * @param size bytes
     * @param etag ETag without quotes (multipart ETags end in {@code -N})
     * @param versionId version id if the bucket is versioned, else null
     */
    public record StoredObject(String key, long size, String etag, String versionId) {}
}
