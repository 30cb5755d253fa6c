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
 * Kind 3, a label feature by its non-zero entries (written since masks are stored sparse; kind 2,
 * the dense form, is still read): after the metadata, 4 bytes N (the dense length), 4 bytes M
 * (non-zero entries), then one DEFLATE stream of M little-endian int32 gaps between successive
 * indices (the first from -1) followed by their M little-endian float64 values.
 *
 * <p>Values are kept in full float64 so that H and R computed from stored features equal those
 * computed from the volumes. A tumour mask has a few per cent non-zero entries: the sparse kind
 * spares the deflating and inflating of sixteen megabytes of zeros per mask at G = 128.
 */
public final class FeatureCodec {
    private static final byte[] MAGIC = {'O', 'S', 'T', 'F', 'E', 'A', 'T', 1};
    private static final byte IMAGE = 1;
    private static final byte LABEL = 2;
    private static final byte SPARSE_LABEL = 3;

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
        return encodeSparse(meta, f.resizedMask());
    }

    /** A label feature of either kind by its non-zero entries, without the dense array. */
    public static SparseLabel decodeSparseLabel(byte[] bytes) {
        Decoded decoded = decode(bytes, LABEL, SPARSE_LABEL);
        ObjectNode meta = (ObjectNode) decoded.meta;
        meta.putPOJO("resizedMask", new double[0]);
        LabelFeature f = Json.mapper().convertValue(meta, LabelFeature.class);
        if (decoded.indices != null) {
            return new SparseLabel(f, decoded.size, decoded.indices, decoded.values);
        }
        return SparseLabel.of(f, decoded.values);
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
        SparseLabel sparse = decodeSparseLabel(bytes);
        LabelFeature f = sparse.meta();
        return new LabelFeature(
                f.sourceKey(),
                f.sourceEtag(),
                f.labelValues(),
                f.shape(),
                f.grid(),
                f.foregroundVoxels(),
                f.mean(),
                f.variance(),
                sparse.dense());
    }

    private static byte[] encodeSparse(JsonNode meta, double[] dense) {
        SparseLabel sparse = SparseLabel.of(null, dense);
        int m = sparse.indices().length;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(m * 6 + 512);
            DataOutputStream out = new DataOutputStream(bytes);
            writeHeader(out, SPARSE_LABEL, meta);
            out.writeInt(dense.length);
            out.writeInt(m);
            out.flush();
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try (DeflaterOutputStream z = new DeflaterOutputStream(bytes, deflater, 1 << 16)) {
                ByteBuffer gaps = ByteBuffer.allocate(4 * m).order(ByteOrder.LITTLE_ENDIAN);
                int previous = -1;
                for (int index : sparse.indices()) {
                    gaps.putInt(index - previous);
                    previous = index;
                }
                z.write(gaps.array());
                writeDoubles(z, sparse.values());
            } finally {
                deflater.end();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeHeader(DataOutputStream out, byte kind, JsonNode meta)
            throws IOException {
        byte[] json = Json.mapper().writeValueAsBytes(meta);
        out.write(MAGIC);
        out.writeByte(kind);
        out.writeInt(json.length);
        out.write(json);
    }

    private static void writeDoubles(DeflaterOutputStream z, double[] values) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(8 * 8192).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; ) {
            chunk.clear();
            int n = Math.min(8192, values.length - i);
            chunk.asDoubleBuffer().put(values, i, n);
            z.write(chunk.array(), 0, 8 * n);
            i += n;
        }
    }

    private static byte[] encode(byte kind, JsonNode meta, double[] values) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(values.length * 4 + 512);
            DataOutputStream out = new DataOutputStream(bytes);
            writeHeader(out, kind, meta);
            out.writeInt(values.length);
            out.flush();
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try (DeflaterOutputStream z = new DeflaterOutputStream(bytes, deflater, 1 << 16)) {
                writeDoubles(z, values);
            } finally {
                deflater.end();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Decoded decode(byte[] bytes, byte... expectedKinds) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not an ostflow feature file (version 1)");
            }
            byte kind = in.readByte();
            if (!contains(expectedKinds, kind)) {
                throw new IllegalArgumentException(
                        "feature kind is " + kind + ", expected " + Arrays.toString(expectedKinds));
            }
            byte[] json = in.readNBytes(in.readInt());
            JsonNode meta = Json.mapper().readTree(new String(json, StandardCharsets.UTF_8));
            int count = in.readInt();
            if (kind == SPARSE_LABEL) {
                int nonZero = in.readInt();
                if (nonZero < 0 || nonZero > count) {
                    throw new IllegalArgumentException(
                            nonZero + " non-zero entries in a mask of " + count);
                }
                try (DataInputStream z = new DataInputStream(new InflaterInputStream(in))) {
                    int[] indices = readIndices(z, nonZero, count);
                    return new Decoded(meta, count, indices, readDoubles(z, nonZero));
                }
            }
            try (InputStream z = new InflaterInputStream(in)) {
                return new Decoded(meta, count, null, readDoubles(z, count));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("feature file is damaged: " + e.getMessage(), e);
        }
    }

    private static boolean contains(byte[] kinds, byte kind) {
        for (byte k : kinds) {
            if (k == kind) {
                return true;
            }
        }
        return false;
    }

    private static int[] readIndices(InputStream z, int nonZero, int size) throws IOException {
        byte[] raw = z.readNBytes(4 * nonZero);
        if (raw.length < 4 * nonZero) {
            throw new IllegalArgumentException("feature file is truncated");
        }
        ByteBuffer gaps = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int[] indices = new int[nonZero];
        int index = -1;
        for (int k = 0; k < nonZero; k++) {
            int gap = gaps.getInt();
            index += gap;
            if (gap <= 0 || index >= size) {
                throw new IllegalArgumentException("mask index out of order or range");
            }
            indices[k] = index;
        }
        return indices;
    }

    private static double[] readDoubles(InputStream z, int count) throws IOException {
        double[] values = new double[count];
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
        return values;
    }

    private record Decoded(JsonNode meta, int size, int[] indices, double[] values) {}
}
