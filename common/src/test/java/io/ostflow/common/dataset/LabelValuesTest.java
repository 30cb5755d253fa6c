package io.ostflow.common.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ostflow.common.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelValuesTest {

    @Test
    void readsNnUnetRegionLabelsBesidePlainOnes() throws Exception {
        DatasetDescriptor d =
                Json.mapper()
                        .readValue(
                                """
                                {"channel_names": {"0": "FLAIR"},
                                 "labels": {"background": 0, "whole tumor": [1, 2, 3],
                                            "tumor core": [3, 2], "enhancing tumor": 3},
                                 "numTraining": 1, "file_ending": ".nii.gz"}
                                """,
                                DatasetDescriptor.class);

        assertThat(d.labels().get("whole tumor").values()).containsExactly(1, 2, 3);
        assertThat(d.labels().get("tumor core").values()).containsExactly(2, 3);
        assertThat(d.labels().get("enhancing tumor").isRegion()).isFalse();
        assertThat(d.declaredValues()).containsExactly(0, 1, 2, 3);
        assertThat(d.foregroundLabels()).doesNotContainKey("background");
    }

    @Test
    void writesPlainValuesAsNumbersAndRegionsAsArrays() throws Exception {
        String json =
                Json.mapper()
                        .writeValueAsString(
                                Map.of(
                                        "a",
                                        LabelValues.of(2),
                                        "b",
                                        new LabelValues(List.of(2, 1))));

        assertThat(json).contains("\"a\":2").contains("\"b\":[1,2]");
    }

    @Test
    void membershipIsExactValueEquality() {
        LabelValues region = new LabelValues(List.of(1, 3));

        assertThat(region.contains(1)).isTrue();
        assertThat(region.contains(3.0)).isTrue();
        assertThat(region.contains(2)).isFalse();
        assertThat(region.contains(1.5)).isFalse();
    }

    @Test
    void refusesWhatIsNeitherANumberNorAListOfThem() {
        assertThatThrownBy(() -> Json.mapper().readValue("\"one\"", LabelValues.class))
                .hasMessageContaining("integer or a list of integers");
        assertThatThrownBy(() -> Json.mapper().readValue("[1, 2.5]", LabelValues.class))
                .hasMessageContaining("must be integers");
        assertThatThrownBy(() -> Json.mapper().readValue("[]", LabelValues.class))
                .hasMessageContaining("at least one value");
    }
}
