package io.ostflow.nifti;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NiftiRoundTripTest {

    static Stream<Arguments> everyCombination() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (NiftiDatatype type : NiftiDatatype.values()) {
            for (int version : new int[] {1, 2}) {
                for (ByteOrder order :
                        new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                    for (boolean gzip : new boolean[] {false, true}) {
                        all.add(Arguments.of(type, version, order, gzip));
                    }
                }
            }
        }
        return all.build();
    }

    @ParameterizedTest(name = "{0} NIfTI-{1} {2} gzip={3}")
    @MethodSource("everyCombination")
    void writesAndReadsBackEveryDatatypeVersionAndByteOrder(
            NiftiDatatype type, int version, ByteOrder order, boolean gzip) {
        NiftiImage original = randomImage(type, version, order, new long[] {5, 4, 3, 2});

        byte[] bytes = NiftiWriter.toBytes(original, gzip);
        NiftiImage back = new NiftiReader().read(new ByteArrayInputStream(bytes));

        assertSameHeader(back.header(), original.header());
        for (int i = 0; i < original.voxels().size(); i++) {
            assertThat(back.voxels().get(i)).as("voxel %d", i).isEqualTo(original.voxels().get(i));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extremes")
    void keepsTheExtremesOfUnsignedAndWideTypes(NiftiDatatype type, double low, double high) {
        NiftiHeader header = NiftiHeader.builder().dims(2).datatype(type).build();
        Voxels voxels = Voxels.allocate(type, 2);
        voxels.set(0, low);
        voxels.set(1, high);

        NiftiImage back =
                new NiftiReader()
                        .read(
                                new ByteArrayInputStream(
                                        NiftiWriter.toBytes(
                                                new NiftiImage(header, voxels), false)));

        assertThat(back.voxels().get(0)).isEqualTo(low);
        assertThat(back.voxels().get(1)).isEqualTo(high);
    }

    static Stream<Arguments> extremes() {
        return Stream.of(
                Arguments.of(NiftiDatatype.UINT8, 0, 255),
                Arguments.of(NiftiDatatype.INT8, -128, 127),
                Arguments.of(NiftiDatatype.UINT16, 0, 65535),
                Arguments.of(NiftiDatatype.INT16, -32768, 32767),
                Arguments.of(NiftiDatatype.UINT32, 0, 4294967295d),
                Arguments.of(NiftiDatatype.INT32, Integer.MIN_VALUE, Integer.MAX_VALUE),
                Arguments.of(NiftiDatatype.INT64, -(1L << 53), 1L << 53));
    }

    @ParameterizedTest(name = "NIfTI-{0}")
    @MethodSource("versions")
    void appliesSlopeAndInterceptOnlyWhenSlopeIsUsable(int version) {
        NiftiHeader header =
                NiftiHeader.builder()
                        .version(version)
                        .dims(3)
                        .datatype(NiftiDatatype.INT16)
                        .scaling(0.5, -10)
                        .build();
        NiftiImage image = new NiftiImage(header, Voxels.ofInt16(new short[] {0, 10, 40}));
        NiftiImage back =
                new NiftiReader().read(new ByteArrayInputStream(NiftiWriter.toBytes(image, true)));

        assertThat(back.toScaledDoubles()).containsExactly(-10, -5, 10);
        assertThat(back.statistics()).isEqualTo(new NiftiImage.Statistics(-10, 10, -5d / 3));

        NiftiImage unscaled =
                new NiftiImage(header.toBuilder().scaling(0, 7).build(), back.voxels());
        assertThat(unscaled.toScaledDoubles()).containsExactly(0, 10, 40);
    }

    static Stream<Integer> versions() {
        return Stream.of(1, 2);
    }

    private static NiftiImage randomImage(
            NiftiDatatype type, int version, ByteOrder order, long[] dims) {
        NiftiHeader header =
                NiftiHeader.builder()
                        .version(version)
                        .byteOrder(order)
                        .dims(dims)
                        .datatype(type)
                        .pixdim(-1, 0.9, 1.1, 2.5, 1.5, 1, 1, 1)
                        .scaling(2, 1.5)
                        .qform(1, new double[] {0, 0.5, 0.25}, new double[] {-90, -126, -72})
                        .sform(
                                4,
                                new double[][] {
                                    {0.9, 0, 0, -90}, {0, 1.1, 0, -126}, {0, 0, 2.5, -72}
                                })
                        .xyztUnits(10)
                        .description("round trip " + type.label())
                        .build();
        Random random = new Random(42);
        Voxels voxels = Voxels.allocate(type, (int) header.voxelCount());
        for (int i = 0; i < voxels.size(); i++) {
            double value =
                    switch (type) {
                        case UINT8 -> random.nextInt(256);
                        case INT8 -> random.nextInt(256) - 128;
                        case UINT16 -> random.nextInt(65536);
                        case INT16 -> random.nextInt(65536) - 32768;
                        case UINT32 -> random.nextInt() & 0xFFFF_FFFFL;
                        case INT32 -> random.nextInt();
                        case INT64 -> random.nextLong() >> 12; // exactly representable as double
                        case FLOAT32 -> (float) random.nextGaussian();
                        case FLOAT64 -> random.nextGaussian() * 1e6;
                    };
            voxels.set(i, value);
        }
        return new NiftiImage(header, voxels);
    }

    private static void assertSameHeader(NiftiHeader actual, NiftiHeader expected) {
        assertThat(actual.version()).isEqualTo(expected.version());
        assertThat(actual.byteOrder()).isEqualTo(expected.byteOrder());
        assertThat(actual.dims()).isEqualTo(expected.dims());
        assertThat(actual.datatype()).isEqualTo(expected.datatype());
        assertThat(actual.pixdim()).containsExactly(expected.pixdim(), Offset.offset(1e-6));
        assertThat(actual.sclSlope()).isEqualTo(expected.sclSlope());
        assertThat(actual.sclInter()).isEqualTo(expected.sclInter());
        assertThat(actual.qformCode()).isEqualTo(expected.qformCode());
        assertThat(actual.sformCode()).isEqualTo(expected.sformCode());
        assertThat(actual.quatern()).containsExactly(expected.quatern(), Offset.offset(1e-6));
        assertThat(actual.qoffset()).containsExactly(expected.qoffset(), Offset.offset(1e-4));
        for (int r = 0; r < 3; r++) {
            assertThat(actual.srow()[r]).containsExactly(expected.srow()[r], Offset.offset(1e-4));
        }
        assertThat(actual.xyztUnits()).isEqualTo(expected.xyztUnits());
        assertThat(actual.description()).isEqualTo(expected.description());
        assertThat(actual.voxOffset()).isEqualTo(expected.headerSize() + 4L);
    }
}
