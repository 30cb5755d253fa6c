package io.ostflow.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TraceParentTest {

    @Test
    void readsTheW3cExample() {
        TraceParent t =
                TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                        .orElseThrow();
        assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(t.parentId()).isEqualTo("00f067aa0ba902b7");
        assertThat(t.sampled()).isTrue();
        assertThat(t.value()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }

    @Test
    void refusesWhatIsNotAVersion00ContextOrHasZeroIds() {
        assertThat(TraceParent.parse(null)).isEmpty();
        assertThat(TraceParent.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEmpty();
        assertThat(TraceParent.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"))
                .isEmpty();
        assertThat(TraceParent.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
                .isEmpty();
        assertThatThrownBy(() -> new TraceParent("abc", "00f067aa0ba902b7", true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomContextsAreSeededValidAndDistinct() {
        TraceParent a = TraceParent.random(new Random(1));
        assertThat(TraceParent.random(new Random(1))).isEqualTo(a);
        assertThat(TraceParent.random(new Random(2)).traceId()).isNotEqualTo(a.traceId());
        assertThat(TraceParent.parse(a.value())).contains(a);
    }

    @Test
    void travelsInTheLastHeaderOfARecord() {
        RecordHeaders headers = new RecordHeaders();
        assertThat(TraceParent.of(headers)).isEmpty();
        TraceParent a = TraceParent.random(new Random(3));
        a.addTo(headers);
        TraceParent b = TraceParent.random(new Random(4));
        b.addTo(headers);
        assertThat(headers.headers(TraceParent.HEADER)).hasSize(1);
        assertThat(TraceParent.of(headers)).contains(b);
    }
}
