package io.ostflow.ingest.domain;

import io.ostflow.common.storage.ObjectKeys;
import java.util.Optional;
import java.util.Set;
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
        /** A file in a layout folder that does not fit the layout: a problem. */
        OTHER,
        /**
         * Not part of the dataset: a file at the drop's root other than dataset.json (README,
         * LICENSE, splits_final.json), a file in a folder outside the layout, or a hidden file
         * anywhere ({@code .DS_Store}, AppleDouble {@code ._*}, {@code Thumbs.db}). Reported as a
         * warning, never read, and left out of the drop version.
         */
        IGNORED;

        public boolean isImage() {
            return this == IMAGES_TR || this == IMAGES_TS;
        }

        public boolean isHeldOut() {
            return this == IMAGES_TS || this == LABELS_TS;
        }
    }

    /** Operating-system litter that is hidden on one system but not on another. */
    private static final Set<String> SYSTEM_FILES = Set.of("Thumbs.db", "desktop.ini");

    /**
     * Whether {@code key} is the site's {@code subjects.csv}, which {@code ostflow import} writes
     * beside dataset.json: not part of the dataset, read for the registration's provenance, not
     * warned about.
     */
    public static boolean isProvenance(String site, String key) {
        return key.equals(site + "/subjects.csv");
    }

    /**
     * Whether {@code key} of site {@code site} is not part of the dataset ({@link Area#IGNORED}).
     * Decided from the key alone, so that the drop version can leave such files out before
     * dataset.json is read.
     */
    public static boolean isIgnored(String site, String key) {
        String relative = key.substring(site.length() + 1);
        if (relative.equals(ObjectKeys.DATASET_JSON)) {
            return false;
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.startsWith(".") || SYSTEM_FILES.contains(segment)) {
                return true;
            }
        }
        int slash = relative.indexOf('/');
        return slash < 0 || areaOf(relative.substring(0, slash)).isEmpty();
    }

    /**
     * Classifies {@code key} of site {@code site}; files in a layout folder whose names do not
     * follow the layout are {@link Area#OTHER}, files outside the dataset {@link Area#IGNORED}.
     */
    public static LandingFile classify(
            String site, String key, String etag, long size, String fileEnding) {
        String relative = key.substring(site.length() + 1);
        if (relative.equals(ObjectKeys.DATASET_JSON)) {
            return new LandingFile(key, etag, size, Area.DATASET_JSON, null, -1);
        }
        if (isIgnored(site, key)) {
            return new LandingFile(key, etag, size, Area.IGNORED, null, -1);
        }
        int slash = relative.indexOf('/');
        if (relative.indexOf('/', slash + 1) >= 0
                || fileEnding == null
                || !relative.endsWith(fileEnding)) {
            return other(key, etag, size);
        }
        String folder = relative.substring(0, slash);
        String base = relative.substring(slash + 1, relative.length() - fileEnding.length());
        Area area = areaOf(folder).orElseThrow();
        if (area.isImage()) {
            Matcher m = IMAGE.matcher(base);
            if (!m.matches() || !CASE.matcher(m.group(1)).matches()) {
                return other(key, etag, size);
            }
            return new LandingFile(key, etag, size, area, m.group(1), Integer.parseInt(m.group(2)));
        }
        if (!CASE.matcher(base).matches()) {
            return other(key, etag, size);
        }
        return new LandingFile(key, etag, size, area, base, -1);
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
