package io.ostflow.common.dataset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The label-map values of one label of {@code dataset.json}: one value ({@code "NCR": 1}) or, in
 * nnU-Net's region notation, several ({@code "whole tumor": [1, 2, 3]}). A voxel belongs to the
 * label when its value is one of them. Sorted, distinct, never empty.
 *
 * @param values the values, ascending
 */
public record LabelValues(List<Integer> values) {

    public LabelValues {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("a label needs at least one value");
        }
        values = values.stream().distinct().sorted().toList();
    }

    /** One plain label value. */
    public static LabelValues of(int value) {
        return new LabelValues(List.of(value));
    }

    /**
     * Reads an integer or an array of integers, as nnU-Net's {@code labels} allows.
     *
     * @throws IllegalArgumentException for anything else
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static LabelValues parse(JsonNode node) {
        if (node != null && node.canConvertToExactIntegral() && node.canConvertToInt()) {
            return of(node.intValue());
        }
        if (node != null && node.isArray()) {
            List<Integer> values = new ArrayList<>();
            for (JsonNode element : node) {
                if (!element.canConvertToExactIntegral() || !element.canConvertToInt()) {
                    throw new IllegalArgumentException(
                            "a region's values must be integers, not " + element);
                }
                values.add(element.intValue());
            }
            return new LabelValues(values);
        }
        throw new IllegalArgumentException(
                "a label value must be an integer or a list of integers, not " + node);
    }

    /** The JSON form: a number for one value, an array for a region. */
    @JsonValue
    public Object json() {
        return isRegion() ? values : values.get(0);
    }

    /** Whether this label is a region of several values. */
    public boolean isRegion() {
        return values.size() > 1;
    }

    /** Whether a voxel of value {@code voxel} belongs to the label. */
    public boolean contains(double voxel) {
        for (int value : values) {
            if (voxel == value) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return isRegion() ? values.toString() : String.valueOf(values.get(0));
    }
}
