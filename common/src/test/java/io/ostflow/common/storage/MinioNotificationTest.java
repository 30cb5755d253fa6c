package io.ostflow.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.Json;
import org.junit.jupiter.api.Test;

/** Bucket notifications as MinIO, Ceph RGW and AWS-style publishers write them. */
class MinioNotificationTest {
    private static MinioNotification.Record only(String json) throws Exception {
        MinioNotification n = Json.mapper().readValue(json, MinioNotification.class);
        assertThat(n.records()).hasSize(1);
        return n.records().get(0);
    }

    @Test
    void minioSpellsTheEventWithItsS3Prefix() throws Exception {
        var r =
                only(
                        "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"ostflow-landing/01/a b.nii.gz\","
                                + "\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"ostflow-landing\"},"
                                + "\"object\":{\"key\":\"01%2Fa+b.nii.gz\",\"size\":3}}}]}");
        assertThat(r.isCreated()).isTrue();
        assertThat(r.decodedKey()).isEqualTo("01/a b.nii.gz");
    }

    @Test
    void theAwsFormatOfCephRgwHasNoTopLevelFieldsAndNoPrefix() throws Exception {
        // as Ceph RGW publishes to a Kafka topic: extra fields (eventId, opaqueData, metadata,
        // tags)
        var r =
                only(
                        "{\"Records\":[{\"eventVersion\":\"2.2\",\"eventSource\":\"ceph:s3\",\"awsRegion\":\"us-east-1\","
                                + "\"eventTime\":\"2026-11-25T21:00:40.112Z\",\"eventName\":\"ObjectCreated:Put\","
                                + "\"userIdentity\":{\"principalId\":\"site01\"},\"requestParameters\":{\"sourceIPAddress\":\"\"},"
                                + "\"responseElements\":{\"x-amz-request-id\":\"abc\",\"x-amz-id-2\":\"def\"},"
                                + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"configurationId\":\"ostflow\","
                                + "\"bucket\":{\"name\":\"ostflow-landing\",\"ownerIdentity\":{\"principalId\":\"x\"},\"arn\":\"arn:aws:s3:::ostflow-landing\",\"id\":\"b1\"},"
                                + "\"object\":{\"key\":\"01/imagesTr/case001_0000.nii.gz\",\"size\":93312,\"eTag\":\"5f2b\","
                                + "\"versionId\":\"\",\"sequencer\":\"0C7BDE5F\",\"metadata\":[],\"tags\":[]}},"
                                + "\"eventId\":\"1574430455.124724.5f2b\",\"opaqueData\":\"\"}]}");
        assertThat(r.isCreated()).isTrue();
        assertThat(r.decodedKey()).isEqualTo("01/imagesTr/case001_0000.nii.gz");
        assertThat(r.s3().bucket().name()).isEqualTo("ostflow-landing");
    }

    @Test
    void removalsAndOtherEventsAreNotCreations() throws Exception {
        for (String name :
                new String[] {
                    "s3:ObjectRemoved:Delete", "ObjectRemoved:Delete", "s3:ObjectAccessed:Get"
                }) {
            var r =
                    only(
                            "{\"Records\":[{\"eventName\":\""
                                    + name
                                    + "\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\"}}}]}");
            assertThat(r.isCreated()).as(name).isFalse();
        }
    }
}
