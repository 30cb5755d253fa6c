package io.ostflow.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ostflow.common.Json;
import io.ostflow.common.events.SiteChanged;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SiteChangesTest {

    @Test
    void readsWhatTheRouterWrites() throws Exception {
        SiteChanged change =
                new SiteChanged(
                        "01",
                        "01/dataset.json",
                        SiteChanged.Cause.DESCRIPTOR_WRITTEN,
                        Instant.parse("2026-12-03T10:00:00Z"));
        String json = Json.mapper().writeValueAsString(change);
        assertThat(json).contains("\"cause\":\"descriptor-written\"");
        assertThat(SiteChanges.parse(json)).isEqualTo(change);
    }

    @Test
    void refusesWhatIsNotJson() {
        assertThatThrownBy(() -> SiteChanges.parse("{ not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a SiteChanged: ");
    }

    @Test
    void refusesAnUnknownCauseNamingTheOnesAllowed() {
        assertThatThrownBy(() -> SiteChanges.parse("{\"site\":\"01\",\"cause\":\"moved\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("descriptor-written, object-removed, reconciliation");
    }

    @Test
    void refusesAMissingSite() {
        assertThatThrownBy(() -> SiteChanges.parse("{\"cause\":\"reconciliation\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a SiteChanged needs site and cause");
    }

    @Test
    void leavesAnInvalidButSafeSiteNameToTheInspectorWhichRejectsItWithAReason() {
        assertThat(SiteChanges.parse("{\"site\":\"my-site\",\"cause\":\"reconciliation\"}").site())
                .isEqualTo("my-site");
    }

    @Test
    void refusesASiteThatWouldLeaveItsFolder() {
        assertThatThrownBy(
                        () ->
                                SiteChanges.parse(
                                        "{\"site\":\"../etc\",\"cause\":\"reconciliation\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SiteChanged names no valid site (")
                .hasMessageEndingWith("): ../etc");
    }
}
