package io.ostflow.nifti;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte layout of the two header versions (nifti1.h and nifti2.h field offsets). Parsing validates
 * magic and dimensions; writing produces a header the reference readers accept.
 */
final class NiftiHeaderCodec {
    private static final byte[] MAGIC_1 = {'n', '+', '1', 0};
    private static final byte[] MAGIC_1_PAIR = {'n', 'i', '1', 0};
    private static final byte[] MAGIC_2 = {'n', '+', '2', 0, '\r', '\n', 0x1a, '\n'};

    private NiftiHeaderCodec() {}

    static NiftiHeader parseNifti1(ByteBuffer b) {
        checkMagic(slice(b, 344, 4), MAGIC_1, 1);
        long[] dims = dims(readDimsShort(b));
        NiftiDatatype datatype = NiftiDatatype.fromCode(b.getShort(70));
        checkBitpix(b.getShort(72), datatype);
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = b.getFloat(76 + 4 * i);
        }
        double[] quatern = {b.getFloat(256), b.getFloat(260), b.getFloat(264)};
        double[] qoffset = {b.getFloat(268), b.getFloat(272), b.getFloat(276)};
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = b.getFloat(280 + 16 * r + 4 * c);
            }
        }
        return NiftiHeader.builder()
                .version(1)
                .byteOrder(b.order())
                .dims(dims)
                .datatype(datatype)
                .pixdim(pixdim)
                .voxOffset((long) b.getFloat(108))
                .scaling(b.getFloat(112), b.getFloat(116))
                .xyztUnits(b.get(123) & 0xFF)
                .description(NiftiReader.cString(slice(b, 148, 80)))
                .qform(b.getShort(252), quatern, qoffset)
                .sform(b.getShort(254), srow)
                .build();
    }

    static NiftiHeader parseNifti2(ByteBuffer b) {
        checkMagic(slice(b, 4, 8), MAGIC_2, 2);
        long[] raw = new long[8];
        for (int i = 0; i < 8; i++) {
            raw[i] = b.getLong(16 + 8 * i);
        }
        long[] dims = dims(raw);
        NiftiDatatype datatype = NiftiDatatype.fromCode(b.getShort(12));
        checkBitpix(b.getShort(14), datatype);
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = b.getDouble(104 + 8 * i);
        }
        double[] quatern = {b.getDouble(352), b.getDouble(360), b.getDouble(368)};
        double[] qoffset = {b.getDouble(376), b.getDouble(384), b.getDouble(392)};
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = b.getDouble(400 + 32 * r + 8 * c);
            }
        }
        return NiftiHeader.builder()
                .version(2)
                .byteOrder(b.order())
                .dims(dims)
                .datatype(datatype)
                .pixdim(pixdim)
                .voxOffset(b.getLong(168))
                .scaling(b.getDouble(176), b.getDouble(184))
                .description(NiftiReader.cString(slice(b, 240, 80)))
                .qform(b.getInt(344), quatern, qoffset)
                .sform(b.getInt(348), srow)
                .xyztUnits(b.getInt(500))
                .build();
    }

    /** The header plus the 4 zero extension-flag bytes; {@code vox_offset} is 352 or 544. */
    static ByteBuffer encode(NiftiHeader h) {
        return h.version() == 1 ? encodeNifti1(h) : encodeNifti2(h);
    }

    /** Offset of the voxel data in files we write. */
    static long dataOffset(int version) {
        return (version == 1 ? NiftiHeader.NIFTI1_HEADER_SIZE : NiftiHeader.NIFTI2_HEADER_SIZE)
                + 4L;
    }

    private static ByteBuffer encodeNifti1(NiftiHeader h) {
        long[] dims = h.dims();
        for (long dim : dims) {
            if (dim > Short.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "dimension " + dim + " does not fit NIfTI-1; write NIfTI-2");
            }
        }
        ByteBuffer b = ByteBuffer.allocate(NiftiHeader.NIFTI1_HEADER_SIZE + 4).order(h.byteOrder());
        b.putInt(0, NiftiHeader.NIFTI1_HEADER_SIZE);
        b.put(38, (byte) 'r'); // "regular", as the reference library writes it
        b.putShort(40, (short) dims.length);
        for (int i = 0; i < 7; i++) {
            b.putShort(42 + 2 * i, (short) (i < dims.length ? dims[i] : 1));
        }
        b.putShort(70, (short) h.datatype().code());
        b.putShort(72, (short) (8 * h.datatype().bytes()));
        double[] pixdim = h.pixdim();
        for (int i = 0; i < 8; i++) {
            b.putFloat(76 + 4 * i, (float) pixdim[i]);
        }
        b.putFloat(108, dataOffset(1));
        b.putFloat(112, (float) h.sclSlope());
        b.putFloat(116, (float) h.sclInter());
        b.put(123, (byte) h.xyztUnits());
        putString(b, 148, 80, h.description());
        b.putShort(252, (short) h.qformCode());
        b.putShort(254, (short) h.sformCode());
        double[] quatern = h.quatern();
        double[] qoffset = h.qoffset();
        for (int i = 0; i < 3; i++) {
            b.putFloat(256 + 4 * i, (float) quatern[i]);
            b.putFloat(268 + 4 * i, (float) qoffset[i]);
        }
        double[][] srow = h.srow();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                b.putFloat(280 + 16 * r + 4 * c, (float) srow[r][c]);
            }
        }
        b.put(344, MAGIC_1, 0, 4);
        return b;
    }

    private static ByteBuffer encodeNifti2(NiftiHeader h) {
        long[] dims = h.dims();
        ByteBuffer b = ByteBuffer.allocate(NiftiHeader.NIFTI2_HEADER_SIZE + 4).order(h.byteOrder());
        b.putInt(0, NiftiHeader.NIFTI2_HEADER_SIZE);
        b.put(4, MAGIC_2, 0, 8);
        b.putShort(12, (short) h.datatype().code());
        b.putShort(14, (short) (8 * h.datatype().bytes()));
        b.putLong(16, dims.length);
        for (int i = 0; i < 7; i++) {
            b.putLong(24 + 8 * i, i < dims.length ? dims[i] : 1);
        }
        double[] pixdim = h.pixdim();
        for (int i = 0; i < 8; i++) {
            b.putDouble(104 + 8 * i, pixdim[i]);
        }
        b.putLong(168, dataOffset(2));
        b.putDouble(176, h.sclSlope());
        b.putDouble(184, h.sclInter());
        putString(b, 240, 80, h.description());
        b.putInt(344, h.qformCode());
        b.putInt(348, h.sformCode());
        double[] quatern = h.quatern();
        double[] qoffset = h.qoffset();
        for (int i = 0; i < 3; i++) {
            b.putDouble(352 + 8 * i, quatern[i]);
            b.putDouble(376 + 8 * i, qoffset[i]);
        }
        double[][] srow = h.srow();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                b.putDouble(400 + 32 * r + 8 * c, srow[r][c]);
            }
        }
        b.putInt(500, h.xyztUnits());
        return b;
    }

    private static long[] readDimsShort(ByteBuffer b) {
        long[] raw = new long[8];
        for (int i = 0; i < 8; i++) {
            raw[i] = b.getShort(40 + 2 * i);
        }
        return raw;
    }

    /** {@code dim[1..dim[0]]} after checking {@code dim[0]} and every used size. */
    private static long[] dims(long[] raw) {
        long rank = raw[0];
        if (rank < 1 || rank > 7) {
            throw new NiftiException(
                    NiftiError.BAD_DIMS, "dim[0] is " + rank + "; it must be between 1 and 7");
        }
        long[] dims = Arrays.copyOfRange(raw, 1, 1 + (int) rank);
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 1) {
                throw new NiftiException(
                        NiftiError.BAD_DIMS,
                        "dim[" + (i + 1) + "] is " + dims[i] + "; used dimensions must be >= 1");
            }
        }
        return dims;
    }

    private static void checkBitpix(int bitpix, NiftiDatatype datatype) {
        if (bitpix != 8 * datatype.bytes()) {
            throw new NiftiException(
                    NiftiError.BAD_BITPIX,
                    "bitpix is "
                            + bitpix
                            + " but "
                            + datatype.label()
                            + " has "
                            + 8 * datatype.bytes());
        }
    }

    private static void checkMagic(byte[] magic, byte[] expected, int version) {
        if (version == 1 && Arrays.equals(magic, MAGIC_1_PAIR)) {
            throw new NiftiException(
                    NiftiError.BAD_MAGIC,
                    "magic 'ni1' marks a .hdr/.img pair; only single-file NIfTI (n+1, n+2) is accepted");
        }
        if (!Arrays.equals(magic, expected)) {
            throw new NiftiException(
                    NiftiError.BAD_MAGIC,
                    "magic is '"
                            + printable(magic)
                            + "'; expected '"
                            + printable(expected)
                            + "' for NIfTI-"
                            + version);
        }
    }

    private static String printable(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte c : bytes) {
            s.append(
                    c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.toString();
    }

    private static byte[] slice(ByteBuffer b, int offset, int length) {
        byte[] out = new byte[length];
        b.get(offset, out);
        return out;
    }

    private static void putString(ByteBuffer b, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        b.put(offset, bytes, 0, Math.min(bytes.length, length - 1));
    }
}
