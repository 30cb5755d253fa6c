package io.ostflow.nifti;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reading a NIfTI file's bytes: gzip detection, exact reads and skips, I/O errors as NIfTI ones.
 */
final class NiftiStreams {
    /** Buffer of the gzip inflater and of its input. */
    static final int GZIP_BUFFER_BYTES = NiftiReader.GZIP_BUFFER_BYTES;

    private NiftiStreams() {}

    static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    static InputStream decompressing(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw, GZIP_BUFFER_BYTES);
        return isGzip(in) ? new GZIPInputStream(in, GZIP_BUFFER_BYTES) : in;
    }

    static byte[] readFully(InputStream in, int n, String what) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new NiftiException(
                    NiftiError.TRUNCATED,
                    "file ends inside the " + what + " (" + bytes.length + " of " + n + " bytes)");
        }
        return bytes;
    }

    static void skipFully(InputStream in, long n) throws IOException {
        long remaining = n;
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new NiftiException(NiftiError.TRUNCATED, "file ends before vox_offset");
                }
                skipped = 1;
            }
            remaining -= skipped;
        }
    }

    static NiftiException mapIo(IOException e) {
        if (e instanceof EOFException) {
            return new NiftiException(
                    NiftiError.TRUNCATED, "the gzip stream ends early: " + e.getMessage(), e);
        }
        if (e instanceof ZipException) {
            return new NiftiException(
                    NiftiError.CORRUPT_GZIP, "the gzip stream is damaged: " + e.getMessage(), e);
        }
        return new NiftiException(NiftiError.IO, "read failed: " + e.getMessage(), e);
    }
}
