package io.ostflow.nifti;

import java.util.Arrays;

/**
 * The voxel datatypes ostflow reads and writes, with their NIfTI codes (nifti1.h, {@code DT_*}).
 * Everything else (complex, RGB, float128) is rejected with {@link
 * NiftiError#UNSUPPORTED_DATATYPE}.
 */
public enum NiftiDatatype {
    UINT8(2, 1, "uint8"),
    INT16(4, 2, "int16"),
    INT32(8, 4, "int32"),
    FLOAT32(16, 4, "float32"),
    FLOAT64(64, 8, "float64"),
    INT8(256, 1, "int8"),
    UINT16(512, 2, "uint16"),
    UINT32(768, 4, "uint32"),
    INT64(1024, 8, "int64");

    private final int code;
    private final int bytes;
    private final String label;

    NiftiDatatype(int code, int bytes, String label) {
        this.code = code;
        this.bytes = bytes;
        this.label = label;
    }

    /** The {@code datatype} field value. */
    public int code() {
        return code;
    }

    /** Bytes per voxel; {@code bitpix} is eight times this. */
    public int bytes() {
        return bytes;
    }

    /** Lower-case name as numpy spells it, e.g. {@code int16}. */
    public String label() {
        return label;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /**
     * @throws NiftiException {@link NiftiError#UNSUPPORTED_DATATYPE} for any other code
     */
    public static NiftiDatatype fromCode(int code) {
        return Arrays.stream(values())
                .filter(type -> type.code == code)
                .findFirst()
                .orElseThrow(
                        () ->
                                new NiftiException(
                                        NiftiError.UNSUPPORTED_DATATYPE,
                                        "datatype code "
                                                + code
                                                + " is not supported (supported: uint8, int8,"
                                                + " int16, uint16, int32, uint32, int64, float32,"
                                                + " float64)"));
    }
}
