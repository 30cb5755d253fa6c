package io.ostflow.nifti;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an Analyze 7.5 image (a {@code .hdr}/{@code .img} pair, the format NIfTI-1 grew out of, as
 * iSeg-2019 publishes its volumes) as a NIfTI-1 image. The header is 348 bytes whose first int,
 * {@code sizeof_hdr}, tells the byte order; the fields NIfTI-1 kept at the same offsets are read:
 * {@code dim} (40), {@code datatype} (70), {@code bitpix} (72), {@code pixdim} (76) and {@code
 * vox_offset} (108, where the voxels start in the {@code .img}).
 *
 * <p>Limits, said rather than guessed: Analyze 7.5 has no orientation (its {@code orient} byte is
 * not honoured by most tools, nibabel included), so the image gets no qform nor sform (code 0: the
 * voxel grid scaled by pixdim, which is all ostflow uses); SPM's scale factor in {@code funused1}
 * is not applied; only uncompressed pairs are read. O(voxels).
 */
public final class AnalyzeReader {
    private static final int HEADER_SIZE = 348;

    private final long maxDataBytes;

    public AnalyzeReader() {
        this(NiftiReader.DEFAULT_MAX_DATA_BYTES);
    }

    public AnalyzeReader(long maxDataBytes) {
        this.maxDataBytes = maxDataBytes;
    }

    /**
     * @param hdr the header file; the voxels are read from the {@code .img} beside it
     */
    public NiftiImage read(Path hdr) {
        String name = hdr.getFileName().toString();
        if (!name.endsWith(".hdr")) {
            throw new NiftiException(NiftiError.IO, hdr + " is not an Analyze header (.hdr)");
        }
        Path img = hdr.resolveSibling(name.substring(0, name.length() - 4) + ".img");
        NiftiHeader header = header(hdr);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(img), 1 << 16)) {
            long available = Files.size(img);
            if (header.voxOffset() + header.dataBytes() > available) {
                throw new NiftiException(
                        NiftiError.TRUNCATED,
                        img
                                + " holds "
                                + available
                                + " bytes; the header declares "
                                + header.dataBytes()
                                + " from offset "
                                + header.voxOffset());
            }
            NiftiStreams.skipFully(in, header.voxOffset());
            Voxels voxels = NiftiReader.readVoxels(in, header);
            return new NiftiImage(header.toBuilder().voxOffset(352).build(), voxels);
        } catch (IOException e) {
            throw new NiftiException(
                    NiftiError.IO, "cannot read " + img + ": " + e.getMessage(), e);
        }
    }

    private NiftiHeader header(Path hdr) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(hdr);
        } catch (IOException e) {
            throw new NiftiException(
                    NiftiError.IO, "cannot read " + hdr + ": " + e.getMessage(), e);
        }
        if (bytes.length < HEADER_SIZE) {
            throw new NiftiException(
                    NiftiError.TRUNCATED, hdr + " has " + bytes.length + " bytes, not 348");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != HEADER_SIZE) {
            b.order(ByteOrder.BIG_ENDIAN);
            if (b.getInt(0) != HEADER_SIZE) {
                throw new NiftiException(
                        NiftiError.BAD_HEADER_SIZE,
                        hdr + ": sizeof_hdr is not 348 in either byte order");
            }
        }
        int rank = b.getShort(40);
        if (rank < 1 || rank > 7) {
            throw new NiftiException(NiftiError.BAD_DIMS, hdr + ": dim[0] is " + rank);
        }
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = b.getShort(42 + 2 * i);
            if (dims[i] < 1) {
                throw new NiftiException(
                        NiftiError.BAD_DIMS, hdr + ": dim[" + (i + 1) + "] is " + dims[i]);
            }
        }
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = b.getFloat(76 + 4 * i);
        }
        pixdim[0] = 1; // NIfTI's qfac; Analyze has none
        NiftiHeader header =
                NiftiHeader.builder()
                        .version(1)
                        .byteOrder(b.order())
                        .dims(dims)
                        .datatype(NiftiDatatype.fromCode(b.getShort(70)))
                        .pixdim(pixdim)
                        .voxOffset((long) b.getFloat(108))
                        .description("converted from Analyze 7.5 " + hdr.getFileName())
                        .build();
        if (header.dataBytes() > maxDataBytes) {
            throw new NiftiException(
                    NiftiError.TOO_LARGE,
                    hdr + " declares " + header.dataBytes() + " bytes, above " + maxDataBytes);
        }
        return header;
    }
}
