package io.ostflow.ingest.domain;

/**
 * Reason codes of {@code DatasetRejected} problems raised by the ingest-worker itself; NIfTI
 * problems carry the codec's codes ({@code TRUNCATED}, {@code BAD_MAGIC}, ...).
 */
public final class Reasons {
    /** dataset.json is not JSON or lacks a required field. */
    public static final String MALFORMED_DATASET_JSON = "MALFORMED_DATASET_JSON";

    /** The notification record is not a MinIO event. */
    public static final String MALFORMED_NOTIFICATION = "MALFORMED_NOTIFICATION";

    /** A key with {@code ..}, an absolute path, control characters or empty segments. */
    public static final String UNSAFE_KEY = "UNSAFE_KEY";

    /** Site, modality or objective name that would not make a valid task id. */
    public static final String INVALID_NAME = "INVALID_NAME";

    /** A file in imagesTr/, labelsTr/, imagesTs/ or labelsTs/ that does not fit the layout. */
    public static final String UNEXPECTED_FILE = "UNEXPECTED_FILE";

    /**
     * A warning, not a problem: a file that is not part of the dataset (README, LICENSE, a hidden
     * file ...) was ignored.
     */
    public static final String IGNORED_FILE = "IGNORED_FILE";

    /** A channel or the label map of a case differs from channel 0 in spacing, origin or axes. */
    public static final String GEOMETRY_MISMATCH = "GEOMETRY_MISMATCH";

    /** A case lacks a channel declared in dataset.json. */
    public static final String MISSING_CHANNEL = "MISSING_CHANNEL";

    /** A case has images but no label map. */
    public static final String MISSING_LABEL = "MISSING_LABEL";

    /** A label map without images. */
    public static final String MISSING_IMAGES = "MISSING_IMAGES";

    /** A channel index that dataset.json does not declare. */
    public static final String UNKNOWN_CHANNEL = "UNKNOWN_CHANNEL";

    /** numTraining (or ostflow.numTest) disagrees with the files. */
    public static final String COUNT_MISMATCH = "COUNT_MISMATCH";

    /** Image and label shapes of a case differ, or a volume is not 3-D. */
    public static final String SHAPE_MISMATCH = "SHAPE_MISMATCH";

    /** A label voxel whose value dataset.json does not declare. */
    public static final String UNKNOWN_LABEL_VALUE = "UNKNOWN_LABEL_VALUE";

    /** An object larger than the configured limit. */
    public static final String TOO_LARGE = "TOO_LARGE";

    /** Registering the drop version killed the worker again and again (out of memory, a crash). */
    public static final String CRASHED_REPEATEDLY = "CRASHED_REPEATEDLY";

    /** An object that could not be read from the store. */
    public static final String UNREADABLE = "UNREADABLE";

    private Reasons() {}
}
