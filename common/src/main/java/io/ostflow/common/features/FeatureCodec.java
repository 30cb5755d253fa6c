package io.ostflow.common.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ostflow.common.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The binary format of the features bucket, version 1 ({@code .feat}):
 *
 * <pre>
 * 8 bytes   magic "OSTFEAT" + version byte 0x01
 * 1 byte    kind: 1 image feature, 2 label feature
 * 4 bytes   big-endian length L of the metadata
 * L bytes   metadata, UTF-8 JSON (every record field except the array)
 * 4 bytes   big-endian number N of float64 values
 * rest      DEFLATE (zlib) stream of N little-endian float64 values
 * </pre>
 *
 * Values are kept in full float64 so that H and R computed from stored features equal those
 * computed from the volumes. Masks are mostly zeros and compress well.
 */
public final class FeatureCodec {
    private static final byte[] MAGIC = {'O', 'S', 'T', 'F', 'E', 'A', 'T', 1};
    private static final byte IMAGE = 1;
    private static final byte LABEL = 2;

    private FeatureCodec() {}

    public static byte[] encode(ImageFeature f) {
        // the metadata of a copy without the array: a tree of two million boxed doubles cost
        // the ingest more CPU than the fingerprints
        ImageFeature withoutScores =
                new ImageFeature(
                        f.sourceKey(),
                        f.sourceEtag(),
                        f.shape(),
                        f.grid(),
                        f.components(),
                        f.explainedVariance(),
                        f.boundingBox(),
                        f.intensity(),
                        new double[0]);
        ObjectNode meta = Json.mapper().valueToTree(withoutScores);
        meta.remove("sortedScores");
        return encode(IMAGE, meta, f.sortedScores());
    }

    public static byte[] encode(LabelFeature f) {
        LabelFeature withoutMask =
                new LabelFeature(
                        f.sourceKey(),
                        f.sourceEtag(),
                        f.labelValues(),
                        f.shape(),
                        f.grid(),
                        f.foregroundVoxels(),
                        f.mean(),
                        f.variance(),
                        new double[0]);
        ObjectNode meta = Json.mapper().valueToTree(withoutMask);
        meta.remove("resizedMask");
        return encode(LABEL, meta, f.resizedMask());
    }

    public static ImageFeature decodeImage(byte[] bytes) {
        Decoded decoded = decode(bytes, IMAGE);
        ObjectNode meta = (ObjectNode) decoded.meta;
        meta.putPOJO("sortedScores", new double[0]);
        ImageFeature f = Json.mapper().convertValue(meta, ImageFeature.class);
        return new ImageFeature(
                f.sourceKey(),
                f.sourceEtag(),
                f.shape(),
                f.grid(),
                f.components(),
                f.explainedVariance(),
                f.boundingBox(),
                f.intensity(),
                decoded.values);
    }

    public static LabelFeature decodeLabel(byte[] bytes) {
        Decoded decoded = decode(bytes, LABEL);
        ObjectNode meta = (ObjectNode) decoded.meta;
        meta.putPOJO("resizedMask", new double[0]);
        LabelFeature f = Json.mapper().convertValue(meta, LabelFeature.class);
        return new LabelFeature(
                f.sourceKey(),
                f.sourceEtag(),
                f.labelValues(),
                f.shape(),
                f.grid(),
                f.foregroundVoxels(),
                f.mean(),
                f.variance(),
                decoded.values);
    }

    private static byte[] encode(byte kind, JsonNode meta, double[] values) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(values.length * 4 + 512);
            DataOutputStream out = new DataOutputStream(bytes);
            byte[] json = Json.mapper().writeValueAsBytes(meta);
            out.write(MAGIC);
            out.writeByte(kind);
            out.writeInt(json.length);
            out.write(json);
            out.writeInt(values.length);
            out.flush();
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try (DeflaterOutputStream z = new DeflaterOutputStream(bytes, deflater, 1 << 16)) {
                ByteBuffer chunk = ByteBuffer.allocate(8 * 8192).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < values.length; ) {
                    chunk.clear();
                    int n = Math.min(8192, values.length - i);
                    chunk.asDoubleBuffer().put(values, i, n);
                    z.write(chunk.array(), 0, 8 * n);
                    i += n;
                }
            } finally {
                deflater.end();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Decoded decode(byte[] bytes, byte expectedKind) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not an ostflow feature file (version 1)");
            }
            byte kind = in.readByte();
            if (kind != expectedKind) {
                throw new IllegalArgumentException(
                        "feature kind is " + kind + ", expected " + expectedKind);
            }
            byte[] json = in.readNBytes(in.readInt());
            JsonNode meta = Json.mapper().readTree(new String(json, StandardCharsets.UTF_8));
            int count = in.readInt();
            double[] values = new double[count];
            try (InputStream z = new InflaterInputStream(in)) {
                byte[] chunk = new byte[8 * 8192];
                ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < count; ) {
                    int n = Math.min(8192, count - i);
                    if (z.readNBytes(chunk, 0, 8 * n) < 8 * n) {
                        throw new IllegalArgumentException("feature file is truncated");
                    }
                    view.clear();
                    view.asDoubleBuffer().get(values, i, n);
                    i += n;
                }
            }
            return new Decoded(meta, values);
        } catch (IOException e) {
            throw new IllegalArgumentException("feature file is damaged: " + e.getMessage(), e);
        }
    }

    private record Decoded(JsonNode meta, double[] values) {}
}
