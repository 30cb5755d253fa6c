package io.ostflow.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an image as an Analyze 7.5 pair ({@code .hdr} and {@code .img}, little-endian), the format
 * iSeg-2019 publishes: the inverse of {@link AnalyzeReader}, so that the phantom can be written in
 * that release's layout. The header holds what Analyze 7.5 has and {@link AnalyzeReader} reads:
 * {@code sizeof_hdr} 348, {@code extents} 16384, {@code regular} 'r', {@code dim}, {@code
 * datatype}, {@code bitpix}, {@code pixdim} and {@code vox_offset} 0. Orientation (qform, sform) is
 * lost, as it is in the published files. O(voxels).
 */
public final class AnalyzeWriter {
    private static final int HEADER_SIZE = 348;

    private AnalyzeWriter() {}

    /**
     * @param hdr the header file to write; the voxels go to the {@code .img} beside it
     */
    public static void write(NiftiImage image, Path hdr) {
        String name = hdr.getFileName().toString();
        if (!name.endsWith(".hdr")) {
            throw new IllegalArgumentException(hdr + " is not an Analyze header name (.hdr)");
        }
        Path img = hdr.resolveSibling(name.substring(0, name.length() - 4) + ".img");
        try {
            Files.write(hdr, header(image.header()));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(img), 1 << 16)) {
                NiftiWriter.writeVoxels(image.voxels(), ByteOrder.LITTLE_ENDIAN, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + hdr, e);
        }
    }

    private static byte[] header(NiftiHeader h) {
        if (h.rank() > 7) {
            throw new IllegalArgumentException("Analyze 7.5 holds at most 7 dimensions");
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, HEADER_SIZE);
        b.putInt(32, 16384); // extents, as SPM and nibabel write it
        b.put(38, (byte) 'r'); // regular
        b.putShort(40, (short) h.rank());
        for (int i = 0; i < h.rank(); i++) {
            long d = h.dims()[i];
            if (d > Short.MAX_VALUE) {
                throw new IllegalArgumentException("dimension " + d + " does not fit Analyze 7.5");
            }
            b.putShort(42 + 2 * i, (short) d);
        }
        b.putShort(70, (short) h.datatype().code());
        b.putShort(72, (short) (8 * h.datatype().bytes()));
        double[] pixdim = h.pixdim();
        for (int i = 0; i < 8 && i < pixdim.length; i++) {
            b.putFloat(76 + 4 * i, (float) (i == 0 ? 0 : pixdim[i]));
        }
        b.putFloat(108, 0f); // vox_offset: the .img starts with the voxels
        return b.array();
    }
}
