package io.ostflow.local.stack;

import io.ostflow.common.storage.ObjectStore.StoredObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed in a bucket between two listings: objects created or overwritten (new key, or a new
 * ETag) and objects removed. Keeps the last listing; O(n) per listing of n objects.
 */
final class ListingDiff {
    private Map<String, String> etags = new HashMap<>();

    /**
     * The changes.
     *
     * @param created new or overwritten objects, in listing order
     * @param removed keys gone since the last listing, sorted
     */
    record Changes(List<StoredObject> created, List<String> removed) {
        boolean isEmpty() {
            return created.isEmpty() && removed.isEmpty();
        }
    }

    /** Takes {@code listing} as the state without reporting it (what existed before watching). */
    void baseline(List<StoredObject> listing) {
        etags = index(listing);
    }

    /** The changes since the last listing; {@code listing} becomes the last one. */
    Changes next(List<StoredObject> listing) {
        Map<String, String> now = index(listing);
        List<StoredObject> created = new ArrayList<>();
        for (StoredObject object : listing) {
            String before = etags.get(object.key());
            if (before == null || !before.equals(object.etag())) {
                created.add(object);
            }
        }
        List<String> removed =
                etags.keySet().stream().filter(k -> !now.containsKey(k)).sorted().toList();
        etags = now;
        return new Changes(created, removed);
    }

    private static Map<String, String> index(List<StoredObject> listing) {
        Map<String, String> index = new HashMap<>();
        listing.forEach(o -> index.put(o.key(), o.etag() == null ? "" : o.etag()));
        return index;
    }
}
