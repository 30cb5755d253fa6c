package io.ostflow.nifti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corpus of broken files, each made from a valid one, each refused with its own reason. */
class MalformedFilesTest {
    private static final int NIFTI1_DATA = 352;

    @Test
    void truncatedGzipStream() {
        byte[] gz = valid(true);
        assertRejected(Arrays.copyOf(gz, gz.length / 2), NiftiError.TRUNCATED);
    }

    @Test
    void truncatedHeader() {
        assertRejected(Arrays.copyOf(valid(false), 100), NiftiError.TRUNCATED);
    }

    @Test
    void truncatedVoxelData() {
        byte[] plain = valid(false);
        assertRejected(Arrays.copyOf(plain, plain.length - 7), NiftiError.TRUNCATED);
    }

    @Test
    void truncatedVoxelDataOfAFileIsCheckedAgainstItsLength(@TempDir Path dir) throws Exception {
        byte[] plain = valid(false);
        Path file = dir.resolve("short.nii");
        Files.write(file, Arrays.copyOf(plain, plain.length - 7));

        NiftiException e =
                catchThrowableOfType(NiftiException.class, () -> new NiftiReader().read(file));

        assertThat(e.reason()).isEqualTo(NiftiError.TRUNCATED);
        assertThat(e.getMessage()).contains("declares 240 bytes");
    }

    @Test
    void damagedGzipTrailer() {
        byte[] gz = valid(true);
        gz[gz.length - 6] ^= 0x5a; // inside the CRC-32 of the trailer
        assertRejected(gz, NiftiError.CORRUPT_GZIP);
    }

    @Test
    void wrongMagic() {
        assertRejected(
                patched(b -> b.put(344, new byte[] {'x', 'y', 'z', 0})), NiftiError.BAD_MAGIC);
    }

    @Test
    void headerImagePairMagicIsNamed() {
        NiftiException e = rejected(patched(b -> b.put(344, new byte[] {'n', 'i', '1', 0})));
        assertThat(e.reason()).isEqualTo(NiftiError.BAD_MAGIC);
        assertThat(e.getMessage()).contains(".hdr/.img");
    }

    @Test
    void wrongHeaderSize() {
        assertRejected(patched(b -> b.putInt(0, 123)), NiftiError.BAD_HEADER_SIZE);
    }

    @Test
    void notANiftiFileAtAll() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
        assertRejected(png, NiftiError.BAD_HEADER_SIZE);
    }

    @Test
    void rankOutOfRange() {
        assertRejected(patched(b -> b.putShort(40, (short) 0)), NiftiError.BAD_DIMS);
        assertRejected(patched(b -> b.putShort(40, (short) 8)), NiftiError.BAD_DIMS);
    }

    @Test
    void negativeDimension() {
        assertRejected(patched(b -> b.putShort(44, (short) -3)), NiftiError.BAD_DIMS);
    }

    @Test
    void unsupportedDatatype() {
        NiftiException e =
                rejected(patched(b -> b.putShort(70, (short) 32).putShort(72, (short) 64)));
        assertThat(e.reason()).isEqualTo(NiftiError.UNSUPPORTED_DATATYPE);
        assertThat(e.getMessage()).contains("32");
    }

    @Test
    void bitpixDisagreesWithDatatype() {
        assertRejected(patched(b -> b.putShort(72, (short) 8)), NiftiError.BAD_BITPIX);
    }

    @Test
    void oversizedDimensionsAreRefusedBeforeAnyAllocation() {
        // 30000^3 int16 = 54 TB declared in a 1 KB file.
        byte[] hostile =
                patched(
                        b ->
                                b.putShort(42, (short) 30000)
                                        .putShort(44, (short) 30000)
                                        .putShort(46, (short) 30000));
        assertRejected(hostile, NiftiError.TOO_LARGE);
    }

    @Test
    void theCapIsConfigurable() {
        NiftiException e =
                catchThrowableOfType(
                        NiftiException.class,
                        () ->
                                new NiftiReader(100, true)
                                        .read(new ByteArrayInputStream(valid(false))));
        assertThat(e.reason()).isEqualTo(NiftiError.TOO_LARGE);
    }

    @Test
    void voxOffsetInsideTheHeader() {
        assertRejected(patched(b -> b.putFloat(108, 100)), NiftiError.BAD_OFFSET);
    }

    @Test
    void voxOffsetBeyondTheEndOfAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("offset.nii");
        Files.write(file, patched(b -> b.putFloat(108, 1_000_000)));

        NiftiException e =
                catchThrowableOfType(NiftiException.class, () -> new NiftiReader().read(file));

        assertThat(e.reason()).isEqualTo(NiftiError.BAD_OFFSET);
    }

    @Test
    void nanAndInfinityAreRefusedWhenFinitenessIsRequired() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            byte[] file = floatFile(bad);
            assertRejected(file, NiftiError.NOT_FINITE);
            NiftiImage lenient =
                    new NiftiReader(1 << 20, false).read(new ByteArrayInputStream(file));
            assertThat(lenient.voxels().get(3)).isEqualTo(Double.valueOf(bad));
        }
    }

    private static byte[] floatFile(float bad) {
        NiftiHeader header =
                NiftiHeader.builder().dims(2, 2, 2).datatype(NiftiDatatype.FLOAT32).build();
        float[] values = {1, 2, 3, bad, 5, 6, 7, 8};
        return NiftiWriter.toBytes(new NiftiImage(header, Voxels.ofFloat32(values)), true);
    }

    /** A valid 6x5x4 int16 little-endian NIfTI-1 volume (240 bytes of voxels). */
    private static byte[] valid(boolean gzip) {
        NiftiHeader header =
                NiftiHeader.builder().dims(6, 5, 4).datatype(NiftiDatatype.INT16).build();
        short[] values = new short[120];
        for (int i = 0; i < values.length; i++) {
            values[i] = (short) (i * 7 - 300);
        }
        return NiftiWriter.toBytes(new NiftiImage(header, Voxels.ofInt16(values)), gzip);
    }

    /** The plain valid file with its header changed. */
    private static byte[] patched(Consumer<ByteBuffer> change) {
        byte[] bytes = valid(false);
        change.accept(ByteBuffer.wrap(bytes, 0, NIFTI1_DATA).order(ByteOrder.LITTLE_ENDIAN));
        return bytes;
    }

    private static NiftiException rejected(byte[] bytes) {
        NiftiException e =
                catchThrowableOfType(
                        NiftiException.class,
                        () -> new NiftiReader().read(new ByteArrayInputStream(bytes)));
        assertThat(e).as("the reader must refuse this file").isNotNull();
        assertThat(e.getMessage()).isNotBlank();
        return e;
    }

    private static void assertRejected(byte[] bytes, NiftiError reason) {
        NiftiException e = rejected(bytes);
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
    }
}
