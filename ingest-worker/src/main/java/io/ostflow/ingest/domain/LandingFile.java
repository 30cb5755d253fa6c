package io.ostflow.ingest.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One object of a drop in the landing bucket, classified by where it sits in the nnU-Net layout.
 *
 * @param key full object key ({@code SITE/imagesTr/case001_0002.nii.gz})
 * @param etag its ETag
 * @param size its size in bytes
 * @param area where it sits
 * @param caseId the case it belongs to (images and labels), else null
 * @param channel the channel index (images), else -1
 */
public record LandingFile(
        String key, String etag, long size, Area area, String caseId, int channel) {

    private static final Pattern CASE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern IMAGE = Pattern.compile("(.+)_(\\d{4})");

    /** Folders of the layout. */
    public enum Area {
        DATASET_JSON,
        IMAGES_TR,
        LABELS_TR,
        IMAGES_TS,
        LABELS_TS,
        /** Anything else: reported, never read. */
        OTHER;

        public boolean isImage() {
            return this == IMAGES_TR || this == IMAGES_TS;
        }

        public boolean isHeldOut() {
            return this == IMAGES_TS || this == LABELS_TS;
        }
    }

    /**
     * Classifies {@code key} of site {@code site}; files whose names do not follow the layout are
     * {@link Area#OTHER}.
     */
    public static LandingFile classify(
            String site, String key, String etag, long size, String fileEnding) {
        String relative = key.substring(site.length() + 1);
        if (relative.equals("dataset.json")) {
            return new LandingFile(key, etag, size, Area.DATASET_JSON, null, -1);
        }
        int slash = relative.indexOf('/');
        if (slash < 0
                || relative.indexOf('/', slash + 1) >= 0
                || fileEnding == null
                || !relative.endsWith(fileEnding)) {
            return other(key, etag, size);
        }
        String folder = relative.substring(0, slash);
        String base = relative.substring(slash + 1, relative.length() - fileEnding.length());
        Optional<Area> area = areaOf(folder);
        if (area.isEmpty()) {
            return other(key, etag, size);
        }
        if (area.get().isImage()) {
            Matcher m = IMAGE.matcher(base);
            if (!m.matches() || !CASE.matcher(m.group(1)).matches()) {
                return other(key, etag, size);
            }
            return new LandingFile(
                    key, etag, size, area.get(), m.group(1), Integer.parseInt(m.group(2)));
        }
        if (!CASE.matcher(base).matches()) {
            return other(key, etag, size);
        }
        return new LandingFile(key, etag, size, area.get(), base, -1);
    }

    private static LandingFile other(String key, String etag, long size) {
        return new LandingFile(key, etag, size, Area.OTHER, null, -1);
    }

    private static Optional<Area> areaOf(String folder) {
        return switch (folder) {
            case "imagesTr" -> Optional.of(Area.IMAGES_TR);
            case "labelsTr" -> Optional.of(Area.LABELS_TR);
            case "imagesTs" -> Optional.of(Area.IMAGES_TS);
            case "labelsTs" -> Optional.of(Area.LABELS_TS);
            default -> Optional.empty();
        };
    }
}
