package io.ostflow.affinity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PairSelectorTest {
    private static final List<String> TWELVE =
            List.of(
                    "c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09", "c10", "c11",
                    "c12");

    @Test
    void sameSitePairsTheSameCases() {
        var pairs =
                new PairSelector(OptionalInt.empty(), 1)
                        .pairs("01", List.of("a", "b", "c"), "01", List.of("c", "a"));
        assertThat(pairs).containsExactly(new PairSelector.Pair(0, 1), new PairSelector.Pair(2, 0));
    }

    @Test
    void otherSitesUseAllPairsUnlessCapped() {
        assertThat(
                        new PairSelector(OptionalInt.empty(), 1)
                                .pairs("01", TWELVE, "02", List.of("x", "y")))
                .hasSize(24);
        var capped = new PairSelector(OptionalInt.of(10), 1);
        assertThat(capped.pairs("01", TWELVE, "02", TWELVE)).hasSize(100);
        assertThat(capped.pairs("01", TWELVE, "02", List.of("x", "y"))).hasSize(20);
    }

    @Test
    void theSampleIsSeededAndOrderIndependent() {
        var selector = new PairSelector(OptionalInt.of(3), 5);
        var ab = selector.pairs("01", TWELVE, "02", TWELVE);
        var ba = selector.pairs("02", TWELVE, "01", TWELVE);
        assertThat(ba)
                .extracting(p -> new PairSelector.Pair(p.b(), p.a()))
                .containsExactlyInAnyOrderElementsOf(ab);
        assertThat(new PairSelector(OptionalInt.of(3), 5).pairs("01", TWELVE, "02", TWELVE))
                .isEqualTo(ab);
        assertThat(new PairSelector(OptionalInt.of(3), 6).pairs("01", TWELVE, "02", TWELVE))
                .isNotEqualTo(ab);
    }
}
