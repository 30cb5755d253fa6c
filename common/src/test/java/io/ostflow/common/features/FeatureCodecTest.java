package io.ostflow.common.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ostflow.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

class FeatureCodecTest {

    @Test
    void imageFeaturesRoundTripBitExactly() {
        double[] scores = new Random(1).doubles(20_000).map(d -> d * 1e3 - 500).sorted().toArray();
        ImageFeature feature =
                new ImageFeature(
                        "01/imagesTr/case001_0000.nii.gz",
                        "abc",
                        new int[] {240, 240, 155},
                        128,
                        3,
                        List.of(0.5, 0.2, 0.1),
                        new int[] {1, 2, 3, 200, 210, 150},
                        new ImageFeature.IntensityStats(1000, 12.5, 3.25, 0.5, 99.0),
                        scores);

        ImageFeature back = FeatureCodec.decodeImage(FeatureCodec.encode(feature));

        assertThat(back.sortedScores()).containsExactly(scores);
        assertThat(back.sourceKey()).isEqualTo(feature.sourceKey());
        assertThat(back.shape()).containsExactly(240, 240, 155);
        assertThat(back.explainedVariance()).isEqualTo(feature.explainedVariance());
        assertThat(back.boundingBox()).containsExactly(feature.boundingBox());
        assertThat(back.intensity()).isEqualTo(feature.intensity());
    }

    @Test
    void mostlyEmptyMasksCompressWell() {
        double[] mask = new double[64 * 64 * 64];
        Arrays.fill(mask, 1000, 1100, 0.25);
        LabelFeature feature =
                new LabelFeature(
                        "01/labelsTr/case001.nii.gz",
                        "e",
                        List.of(1, 2, 3),
                        new int[] {64, 64, 64},
                        64,
                        100,
                        0.0001,
                        0.00001,
                        mask);

        byte[] bytes = FeatureCodec.encode(feature);
        LabelFeature back = FeatureCodec.decodeLabel(bytes);

        assertThat(bytes.length).isLessThan(mask.length * 8 / 50);
        assertThat(back.resizedMask()).containsExactly(mask);
        assertThat(back.labelValues()).containsExactly(1, 2, 3);
        assertThat(back.mean()).isEqualTo(0.0001);
    }

    @Test
    void masksAreStoredByTheirNonZeroEntries() {
        double[] mask = new double[32 * 32 * 32];
        mask[0] = 0.5;
        mask[7] = 1;
        mask[8] = 0.125;
        mask[mask.length - 1] = 0.75;
        byte[] bytes = FeatureCodec.encode(label(mask));

        SparseLabel sparse = FeatureCodec.decodeSparseLabel(bytes);

        assertThat(bytes[8]).as("kind byte").isEqualTo((byte) 3);
        assertThat(sparse.size()).isEqualTo(mask.length);
        assertThat(sparse.indices()).containsExactly(0, 7, 8, mask.length - 1);
        assertThat(sparse.values()).containsExactly(0.5, 1, 0.125, 0.75);
        assertThat(sparse.meta().mean()).isEqualTo(0.0001);
        assertThat(FeatureCodec.decodeLabel(bytes).resizedMask()).containsExactly(mask);
    }

    @Test
    void denseMasksWrittenBeforeTheSparseKindAreStillRead() throws Exception {
        double[] mask = new double[4 * 4 * 4];
        mask[5] = 0.5;
        mask[60] = 1;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        byte[] json =
                Json.mapper()
                        .writeValueAsBytes(
                                Map.of(
                                        "sourceKey",
                                        "k",
                                        "labelValues",
                                        List.of(1),
                                        "shape",
                                        List.of(4, 4, 4),
                                        "grid",
                                        4,
                                        "foregroundVoxels",
                                        2,
                                        "mean",
                                        0.02,
                                        "variance",
                                        0.01));
        out.write(new byte[] {'O', 'S', 'T', 'F', 'E', 'A', 'T', 1, 2});
        out.writeInt(json.length);
        out.write(json);
        out.writeInt(mask.length);
        out.flush();
        try (DeflaterOutputStream z = new DeflaterOutputStream(bytes)) {
            ByteBuffer values = ByteBuffer.allocate(8 * mask.length).order(ByteOrder.LITTLE_ENDIAN);
            values.asDoubleBuffer().put(mask);
            z.write(values.array());
        }

        SparseLabel sparse = FeatureCodec.decodeSparseLabel(bytes.toByteArray());

        assertThat(sparse.indices()).containsExactly(5, 60);
        assertThat(sparse.values()).containsExactly(0.5, 1);
        assertThat(FeatureCodec.decodeLabel(bytes.toByteArray()).resizedMask())
                .containsExactly(mask);
    }

    private static LabelFeature label(double[] mask) {
        return new LabelFeature(
                "k", "e", List.of(1), new int[] {32, 32, 32}, 32, 4, 0.0001, 0.00001, mask);
    }

    @Test
    void refusesOtherBytesAndTheOtherKind() {
        assertThatThrownBy(() -> FeatureCodec.decodeImage(new byte[20]))
                .hasMessageContaining("not an ostflow feature");
        byte[] label =
                FeatureCodec.encode(
                        new LabelFeature(
                                "k",
                                "e",
                                List.of(1),
                                new int[] {1, 1, 1},
                                1,
                                0,
                                0,
                                0,
                                new double[1]));
        assertThatThrownBy(() -> FeatureCodec.decodeImage(label)).hasMessageContaining("kind");
    }
}
