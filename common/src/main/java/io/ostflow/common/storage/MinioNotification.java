package io.ostflow.common.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON a MinIO server publishes to Kafka for a bucket notification (its "namespace"-less access
 * format): record key {@code bucket/object}, this value. {@code Records[].s3.object.key} is
 * URL-encoded as a query string; the top-level {@code Key} is not.
 *
 * <p>The local stack's {@code ostflow upload} publishes exactly this, so the ingest-worker cannot
 * tell it from a real MinIO. The AWS S3 event format (Ceph RGW, AWS-style publishers) is the same
 * {@code Records} array without the top-level {@code EventName} and {@code Key}, and with event
 * names without the {@code s3:} prefix; it reads into this type as well.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MinioNotification(
        @JsonProperty("EventName") String eventName,
        @JsonProperty("Key") String key,
        @JsonProperty("Records") List<Record> records) {

    public static final String OBJECT_CREATED_PUT = "s3:ObjectCreated:Put";
    public static final String OBJECT_REMOVED_DELETE = "s3:ObjectRemoved:Delete";

    /** One S3 event record. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Record(
            String eventVersion,
            String eventSource,
            String awsRegion,
            String eventTime,
            String eventName,
            Map<String, String> userIdentity,
            Map<String, String> requestParameters,
            Map<String, String> responseElements,
            S3 s3,
            Map<String, String> source) {

        /** The object key, URL-decoded. */
        public String decodedKey() {
            return URLDecoder.decode(s3.object().key(), StandardCharsets.UTF_8);
        }

        /**
         * True for an object creation in MinIO's spelling ({@code s3:ObjectCreated:Put}) or in the
         * AWS S3 event format that Ceph RGW and AWS-style publishers use ({@code
         * ObjectCreated:Put}).
         */
        public boolean isCreated() {
            return eventName != null
                    && (eventName.startsWith("s3:ObjectCreated:")
                            || eventName.startsWith("ObjectCreated:"));
        }

        /** True for an object removal, in MinIO's or the AWS S3 event format's spelling. */
        public boolean isRemoved() {
            return eventName != null
                    && (eventName.startsWith("s3:ObjectRemoved:")
                            || eventName.startsWith("ObjectRemoved:"));
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record S3(
            String s3SchemaVersion, String configurationId, Bucket bucket, S3Object object) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bucket(String name, Map<String, String> ownerIdentity, String arn) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record S3Object(
            String key,
            long size,
            String eTag,
            String contentType,
            Map<String, String> userMetadata,
            String versionId,
            String sequencer) {}

    /** The Kafka record key MinIO uses: {@code bucket/object} (not encoded). */
    public static String recordKey(String bucket, String objectKey) {
        return bucket + "/" + objectKey;
    }

    /** A notification for one created object, shaped as MinIO shapes it. */
    public static MinioNotification objectCreated(
            String bucket,
            String objectKey,
            long size,
            String eTag,
            String contentType,
            String sequencer,
            Instant eventTime) {
        var object =
                new S3Object(
                        URLEncoder.encode(objectKey, StandardCharsets.UTF_8),
                        size,
                        eTag,
                        contentType,
                        Map.of("content-type", contentType),
                        null,
                        sequencer);
        return notification(OBJECT_CREATED_PUT, bucket, objectKey, object, sequencer, eventTime);
    }

    /** A notification for one removed object, shaped as MinIO shapes it (no size or ETag). */
    public static MinioNotification objectRemoved(
            String bucket, String objectKey, String sequencer, Instant eventTime) {
        var object =
                new S3Object(
                        URLEncoder.encode(objectKey, StandardCharsets.UTF_8),
                        0,
                        null,
                        null,
                        null,
                        null,
                        sequencer);
        return notification(OBJECT_REMOVED_DELETE, bucket, objectKey, object, sequencer, eventTime);
    }

    private static MinioNotification notification(
            String eventName,
            String bucket,
            String objectKey,
            S3Object object,
            String sequencer,
            Instant eventTime) {
        var s3 =
                new S3(
                        "1.0",
                        "Config",
                        new Bucket(
                                bucket, Map.of("principalId", "ostflow"), "arn:aws:s3:::" + bucket),
                        object);
        var record =
                new Record(
                        "2.0",
                        "minio:s3",
                        "",
                        eventTime.toString(),
                        eventName,
                        Map.of("principalId", "ostflow"),
                        Map.of("sourceIPAddress", "127.0.0.1"),
                        Map.of("x-amz-request-id", sequencer),
                        s3,
                        Map.of("host", "127.0.0.1", "port", "", "userAgent", "ostflow"));
        return new MinioNotification(eventName, recordKey(bucket, objectKey), List.of(record));
    }
}
