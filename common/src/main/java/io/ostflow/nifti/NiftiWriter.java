package io.ostflow.nifti;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes single-file NIfTI-1 or NIfTI-2 (the header's version and byte order), gzip-compressed when
 * asked or when the file name ends in {@code .gz}. Voxels are encoded in chunks.
 */
public final class NiftiWriter {
    private static final int CHUNK_BYTES = 1 << 20;

    private NiftiWriter() {}

    /** Writes {@code image} to {@code file}, compressed when the name ends in {@code .gz}. */
    public static void write(NiftiImage image, Path file) {
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        try (OutputStream out = Files.newOutputStream(file)) {
            write(image, out, gzip);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes {@code image} to {@code out}; the stream is flushed, not closed. */
    public static void write(NiftiImage image, OutputStream out, boolean gzip) throws IOException {
        OutputStream target = gzip ? new FastGzip(out) : new BufferedOutputStream(out, 1 << 16);
        NiftiHeader header = image.header();
        target.write(NiftiHeaderCodec.encode(header).array());
        writeVoxels(image.voxels(), header.byteOrder(), target);
        if (target instanceof GZIPOutputStream gz) {
            gz.finish();
        }
        target.flush();
    }

    /** Encodes a whole image to bytes, e.g. to upload it. */
    public static byte[] toBytes(NiftiImage image, boolean gzip) {
        var bytes = new ByteArrayOutputStream();
        try {
            write(image, bytes, gzip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes the voxels in {@code order}, a megabyte at a time (also the Analyze writer's). */
    static void writeVoxels(Voxels voxels, ByteOrder order, OutputStream out) throws IOException {
        int width = voxels.datatype().bytes();
        int perChunk = CHUNK_BYTES / width;
        ByteBuffer buffer = ByteBuffer.allocate(perChunk * width).order(order);
        for (int done = 0; done < voxels.size(); ) {
            int n = Math.min(perChunk, voxels.size() - done);
            buffer.clear();
            voxels.encode(buffer, done, n);
            out.write(buffer.array(), 0, n * width);
            done += n;
        }
    }

    /**
     * Gzip at level 1 with a 64 KiB buffer: volumes are written by the phantom generator and
     * uploads, where speed matters more than the last few per cent of size.
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
