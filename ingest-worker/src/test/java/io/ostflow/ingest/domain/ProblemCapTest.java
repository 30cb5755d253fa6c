package io.ostflow.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ostflow.common.events.Problem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemCapTest {

    @Test
    void keepsTheFirstOfEachReasonAndCountsTheRest() {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            problems.add(new Problem("k" + i, "NOT_FINITE", "nan"));
        }
        problems.add(new Problem("j", "TRUNCATED", "short"));

        List<Problem> kept = new ProblemCap(2).apply(problems, "07/dataset.json");

        assertThat(kept)
                .extracting(Problem::key)
                .containsExactly("k0", "k1", "j", "07/dataset.json");
        assertThat(kept.get(3).reason()).isEqualTo("NOT_FINITE");
        assertThat(kept.get(3).message()).startsWith("and 3 more NOT_FINITE");
    }

    @Test
    void underTheCapNothingChanges() {
        List<Problem> problems = List.of(new Problem("a", "X", "m"), new Problem("b", "Y", "m"));
        assertThat(new ProblemCap(1).apply(problems, "s")).isEqualTo(problems);
        assertThatThrownBy(() -> new ProblemCap(0)).hasMessageContaining("at least 1");
    }
}
