package io.ostflow.nifti;

/** Why a NIfTI file was refused. Stable codes: they travel in events and CLI output. */
public enum NiftiError {
    /** The file or the gzip stream ends before the header or the voxel data is complete. */
    TRUNCATED,
    /** The gzip stream is damaged (bad CRC, bad block). */
    CORRUPT_GZIP,
    /** {@code sizeof_hdr} is neither 348 (NIfTI-1) nor 540 (NIfTI-2) in either byte order. */
    BAD_HEADER_SIZE,
    /** The magic string is not {@code n+1} / {@code n+2} (a single-file NIfTI). */
    BAD_MAGIC,
    /** {@code dim[0]} outside 1..7, a dimension below 1, or a voxel count that overflows. */
    BAD_DIMS,
    /** {@code bitpix} disagrees with the datatype. */
    BAD_BITPIX,
    /** {@code vox_offset} points inside the header or beyond the end of the file. */
    BAD_OFFSET,
    /** A datatype outside the supported set. */
    UNSUPPORTED_DATATYPE,
    /** Declared voxel data larger than the configured cap. */
    TOO_LARGE,
    /** NaN or infinite voxels where finite ones are required. */
    NOT_FINITE,
    /** The bytes could not be read at all. */
    IO
}
