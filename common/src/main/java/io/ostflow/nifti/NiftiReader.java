package io.ostflow.nifti;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads single-file NIfTI-1 and NIfTI-2 images ({@code .nii}, and {@code .nii.gz} recognised by the
 * gzip magic, not the name), in either byte order, streaming: the gzip stream is decoded in chunks
 * straight into the voxel array, never held whole.
 *
 * <p>Hostile input is bounded: the declared voxel data may not exceed {@code maxDataBytes}, the
 * extension area before {@code vox_offset} is capped at the same size, and every read is checked
 * against the real length of the stream. All failures are {@link NiftiException}s with a reason.
 *
 * <p>NIfTI-1 and NIfTI-2 headers, both byte orders, gzip and every bound check of hostile input in
 * one reader.
 */
public final class NiftiReader {
    /** Default cap of the declared voxel data: 512 MiB. */
    public static final long DEFAULT_MAX_DATA_BYTES = 512L << 20;

    private static final int CHUNK_BYTES = 1 << 20;
    static final int GZIP_BUFFER_BYTES = 1 << 16;

    private final long maxDataBytes;
    private final boolean requireFinite;

    /** A reader with the default 512 MiB cap that rejects NaN and infinite voxels. */
    public NiftiReader() {
        this(DEFAULT_MAX_DATA_BYTES, true);
    }

    /**
     * @param maxDataBytes cap on the declared voxel data (and on the extension area), > 0
     * @param requireFinite whether float voxels that are NaN or infinite are an error ({@link
     *     NiftiError#NOT_FINITE})
     */
    public NiftiReader(long maxDataBytes, boolean requireFinite) {
        if (maxDataBytes <= 0) {
            throw new IllegalArgumentException("maxDataBytes must be > 0, was " + maxDataBytes);
        }
        this.maxDataBytes = maxDataBytes;
        this.requireFinite = requireFinite;
    }

    /** Reads header and voxels of a file. */
    public NiftiImage read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            long length = Files.size(file);
            return read(in, length);
        } catch (IOException e) {
            throw new NiftiException(
                    NiftiError.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads header and voxels from a stream (plain or gzip); the stream is not closed. */
    public NiftiImage read(InputStream in) {
        return read(in, -1);
    }

    /** Reads only the header of a file. */
    public NiftiHeader readHeader(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return readHeader(NiftiStreams.decompressing(in));
        } catch (IOException e) {
            throw NiftiStreams.mapIo(e);
        }
    }

    /**
     * Reads only the header from the start of a stream (plain or gzip), checked against the limits;
     * the rest of the stream is left unread and the stream is not closed.
     */
    public NiftiHeader peekHeader(InputStream raw) {
        try {
            return readHeader(NiftiStreams.decompressing(raw));
        } catch (IOException e) {
            throw NiftiStreams.mapIo(e);
        }
    }

    private NiftiImage read(InputStream raw, long rawLength) {
        try {
            InputStream buffered = new BufferedInputStream(raw, GZIP_BUFFER_BYTES);
            boolean gzip = NiftiStreams.isGzip(buffered);
            InputStream in = gzip ? new GZIPInputStream(buffered, GZIP_BUFFER_BYTES) : buffered;
            NiftiHeader header = readHeader(in);
            long dataBytes = header.dataBytes();
            if (!gzip && rawLength >= 0) {
                checkAgainstLength(header, dataBytes, rawLength);
            }
            NiftiStreams.skipFully(in, header.voxOffset() - header.headerSize());
            Voxels voxels = readVoxels(in, header);
            if (gzip) {
                drainToVerifyTrailer(in);
            }
            if (requireFinite && header.datatype().isFloatingPoint()) {
                requireFinite(voxels);
            }
            return new NiftiImage(header, voxels);
        } catch (IOException e) {
            throw NiftiStreams.mapIo(e);
        }
    }

    private static void checkAgainstLength(NiftiHeader header, long dataBytes, long rawLength) {
        if (header.voxOffset() > rawLength) {
            throw new NiftiException(
                    NiftiError.BAD_OFFSET,
                    "vox_offset "
                            + header.voxOffset()
                            + " is beyond the end of the file ("
                            + rawLength
                            + " bytes)");
        }
        if (header.voxOffset() + dataBytes > rawLength) {
            throw new NiftiException(
                    NiftiError.TRUNCATED,
                    "the header declares "
                            + dataBytes
                            + " bytes of voxel data but the file holds only "
                            + (rawLength - header.voxOffset()));
        }
    }

    private NiftiHeader readHeader(InputStream in) throws IOException {
        byte[] first = NiftiStreams.readFully(in, 4, "sizeof_hdr");
        ByteOrder order = detectByteOrder(first);
        int size = ByteBuffer.wrap(first).order(order).getInt();
        byte[] rest = NiftiStreams.readFully(in, size - 4, "header");
        ByteBuffer header = ByteBuffer.allocate(size).order(order);
        header.put(first).put(rest).flip();
        NiftiHeader parsed =
                size == NiftiHeader.NIFTI1_HEADER_SIZE
                        ? NiftiHeaderCodec.parseNifti1(header)
                        : NiftiHeaderCodec.parseNifti2(header);
        checkLimits(parsed);
        return parsed;
    }

    private static ByteOrder detectByteOrder(byte[] first) {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            int size = ByteBuffer.wrap(first).order(order).getInt();
            if (size == NiftiHeader.NIFTI1_HEADER_SIZE || size == NiftiHeader.NIFTI2_HEADER_SIZE) {
                return order;
            }
        }
        throw new NiftiException(
                NiftiError.BAD_HEADER_SIZE,
                "sizeof_hdr is "
                        + ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getInt()
                        + " (little-endian); expected 348 (NIfTI-1) or 540 (NIfTI-2): not a NIfTI file");
    }

    private void checkLimits(NiftiHeader header) {
        long dataBytes;
        try {
            dataBytes = header.dataBytes();
        } catch (ArithmeticException e) {
            throw new NiftiException(
                    NiftiError.TOO_LARGE, "declared voxel count overflows 64 bits");
        }
        if (dataBytes > maxDataBytes) {
            throw new NiftiException(
                    NiftiError.TOO_LARGE,
                    "declared voxel data is "
                            + dataBytes
                            + " bytes ("
                            + Arrays.toString(header.dims())
                            + " "
                            + header.datatype().label()
                            + "), above the limit of "
                            + maxDataBytes);
        }
        if (header.voxelCount() > Integer.MAX_VALUE - 8) {
            throw new NiftiException(
                    NiftiError.TOO_LARGE, "more than 2^31 voxels cannot be held in one array");
        }
        long minOffset = header.headerSize() + 4L;
        if (header.voxOffset() < minOffset) {
            throw new NiftiException(
                    NiftiError.BAD_OFFSET,
                    "vox_offset "
                            + header.voxOffset()
                            + " points inside the header (single-file NIfTI-"
                            + header.version()
                            + " data starts at "
                            + minOffset
                            + " or later)");
        }
        if (header.voxOffset() - minOffset > maxDataBytes) {
            throw new NiftiException(
                    NiftiError.TOO_LARGE,
                    "vox_offset "
                            + header.voxOffset()
                            + " declares an extension area above the limit");
        }
    }

    /** The voxels {@code header} declares, read from {@code in} in its byte order. */
    static Voxels readVoxels(InputStream in, NiftiHeader header) throws IOException {
        int count = (int) header.voxelCount();
        int width = header.datatype().bytes();
        Voxels voxels = Voxels.allocate(header.datatype(), count);
        int perChunk = CHUNK_BYTES / width;
        byte[] chunk = new byte[perChunk * width];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(header.byteOrder());
        for (int done = 0; done < count; ) {
            int n = Math.min(perChunk, count - done);
            int read = in.readNBytes(chunk, 0, n * width);
            if (read < n * width) {
                throw new NiftiException(
                        NiftiError.TRUNCATED,
                        "voxel data ends after "
                                + ((long) done * width + read)
                                + " of "
                                + header.dataBytes()
                                + " bytes");
            }
            buffer.clear();
            voxels.decode(buffer, done, n);
            done += n;
        }
        return voxels;
    }

    /**
     * Reads what follows the voxels so that {@link GZIPInputStream} checks the CRC-32 and length of
     * the trailer; a damaged stream would otherwise pass unnoticed. Bounded like the data.
     */
    private void drainToVerifyTrailer(InputStream in) throws IOException {
        byte[] sink = new byte[8192];
        long trailing = 0;
        for (int n; (n = in.read(sink)) >= 0; ) {
            trailing += n;
            if (trailing > maxDataBytes) {
                throw new NiftiException(
                        NiftiError.TOO_LARGE,
                        "more than " + maxDataBytes + " bytes follow the voxel data");
            }
        }
    }

    private static void requireFinite(Voxels voxels) {
        for (int i = 0; i < voxels.size(); i++) {
            double v = voxels.get(i);
            if (!Double.isFinite(v)) {
                throw new NiftiException(
                        NiftiError.NOT_FINITE,
                        "voxel " + i + " is " + v + "; all voxels must be finite");
            }
        }
    }

    /** Trims a fixed-size, NUL-padded ASCII field. */
    static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }
}
