package io.ostflow.planner.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TrainingBudgetTest {
    private final TrainingBudget paper = new TrainingBudget(63, 60, 3);

    private static java.util.function.Function<String, OptionalInt> sizes(Map<String, Integer> n) {
        return t -> n.containsKey(t) ? OptionalInt.of(n.get(t)) : OptionalInt.empty();
    }

    @Test
    void sourcesOf100CasesGetThePapersBudget() {
        TrainingBudget.Cases cases =
                paper.of(List.of("r", "i"), "t", sizes(Map.of("r", 100, "i", 100, "t", 3)));
        assertThat(cases.directPretrain()).isEqualTo(63);
        assertThat(cases.sequentialPretrain()).isEqualTo(60);
        assertThat(cases.intermediates()).containsExactly(3);
        assertThat(cases.target()).isEqualTo(3);
        assertThat(cases.sequentialSourceCases()).isEqualTo(cases.directPretrain());
    }

    @Test
    void sourcesOf8CasesGiveBothTheSameEightSourceCases() {
        TrainingBudget.Cases cases =
                paper.of(List.of("r", "i"), "t", sizes(Map.of("r", 8, "i", 8, "t", 3)));
        assertThat(cases.directPretrain()).isEqualTo(8);
        assertThat(cases.sequentialPretrain()).isEqualTo(5);
        assertThat(cases.intermediates()).containsExactly(3);
        assertThat(cases.sequentialSourceCases()).isEqualTo(8);
    }

    @Test
    void aSmallIntermediateAndALongerPathStayEqual() {
        TrainingBudget.Cases small =
                paper.of(List.of("r", "i"), "t", sizes(Map.of("r", 100, "i", 2, "t", 3)));
        assertThat(small.intermediates()).containsExactly(2);
        assertThat(small.directPretrain()).isEqualTo(62);
        assertThat(small.sequentialPretrain()).isEqualTo(60);

        TrainingBudget.Cases longer =
                paper.of(
                        List.of("r", "i", "j"),
                        "t",
                        sizes(Map.of("r", 100, "i", 100, "j", 100, "t", 3)));
        assertThat(longer.directPretrain()).isEqualTo(63);
        assertThat(longer.sequentialPretrain()).isEqualTo(57);
        assertThat(longer.sequentialSourceCases()).isEqualTo(63);

        TrainingBudget.Cases noIntermediate =
                paper.of(List.of("r"), "t", sizes(Map.of("r", 100, "t", 3)));
        assertThat(noIntermediate.directPretrain())
                .as("a one-hop path is a direct transfer: D")
                .isEqualTo(63);
        assertThat(noIntermediate.sequentialPretrain()).isEqualTo(63);
    }

    @Test
    void aTargetWithFewerCasesAndUnknownTasks() {
        TrainingBudget.Cases cases = paper.of(List.of("r", "i"), "t", sizes(Map.of("t", 2)));
        assertThat(cases.target()).isEqualTo(2);
        assertThat(cases.directPretrain()).as("unknown sizes: the paper's counts").isEqualTo(63);
        assertThat(cases.sequentialPretrain()).isEqualTo(60);
    }

    @Test
    void countsMustBePositive() {
        assertThatThrownBy(() -> new TrainingBudget(63, 0, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pretrain 0");
    }
}
