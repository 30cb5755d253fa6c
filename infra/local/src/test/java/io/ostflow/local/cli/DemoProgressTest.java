package io.ostflow.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.common.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoProgressTest {
    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text.replace('\'', '"'));
    }

    private static final String PLANS =
            "[{'target':'02-T1-ED','version':2,'path':['01-T1-ED','01-T2-ED']}]";

    /** Two versions of one plan: only the jobs of version 2 count. */
    private static final String JOBS =
            "[{'target':'02-T1-ED','planVersion':1,'kind':'sequential','state':'completed','progress':1,'metrics':{'dice':0.1}},"
                    + "{'target':'02-T1-ED','planVersion':2,'kind':'sequential','state':'completed','progress':1,'metrics':{'dice':0.6}},"
                    + "{'target':'02-T1-ED','planVersion':2,'kind':'direct','state':'running','progress':0.5,'metrics':{'dice':null}},"
                    + "{'target':'02-T1-ED','planVersion':2,'kind':'scratch','state':'failed','progress':0.2,'metrics':{'dice':null}}]";

    @Test
    void onlyTheJobsOfTheCurrentPlanVersionsCountAndTheExpectationsComeFromTheCaller()
            throws Exception {
        DemoProgress p =
                DemoProgress.of(
                        json("[{},{},{}]"),
                        json("[{},{}]"),
                        json("{'clusters':[{}]}"),
                        json(PLANS),
                        json(JOBS),
                        3,
                        1,
                        3);

        assertThat(p.currentJobs()).hasSize(3);
        assertThat(p.done()).isEqualTo(1);
        assertThat(p.failed()).isEqualTo(1);
        assertThat(p.expectedJobs()).isEqualTo(3);
        assertThat(p.finished()).as("one job still runs").isFalse();
        assertThat(p.line())
                .isEqualTo(
                        "tasks 3/3 · edges 2 · clusters 1 · plans 1/1 · jobs of current plans 2/3 done (1 failed) [#################...]");
    }

    @Test
    void scoringJobsOfAPlanWaitingForItsScoresDoNotFinishTheDemo() throws Exception {
        String scores =
                "[{'target':'02-T1-ED','planVersion':2,'kind':'score','state':'completed','progress':1,'metrics':{'dice':null}},"
                        + "{'target':'02-T1-ED','planVersion':2,'kind':'score','state':'completed','progress':1,'metrics':{'dice':null}},"
                        + "{'target':'02-T1-ED','planVersion':2,'kind':'score','state':'completed','progress':1,'metrics':{'dice':null}}]";
        DemoProgress p =
                DemoProgress.of(
                        json("[{},{},{}]"),
                        json("[]"),
                        json("{}"),
                        json(PLANS),
                        json(scores),
                        3,
                        1,
                        3);
        assertThat(p.currentJobs()).isEmpty();
        assertThat(p.finished()).isFalse();
    }

    @Test
    void itIsFinishedOnlyWhenEveryExpectedTaskAndJobIsIn() throws Exception {
        String done = JOBS.replace("'running'", "'completed'");
        assertThat(
                        DemoProgress.of(
                                        json("[{},{},{}]"),
                                        json("[]"),
                                        json("{}"),
                                        json(PLANS),
                                        json(done),
                                        3,
                                        1,
                                        3)
                                .finished())
                .isTrue();
        assertThat(
                        DemoProgress.of(
                                        json("[{},{}]"),
                                        json("[]"),
                                        json("{}"),
                                        json(PLANS),
                                        json(done),
                                        3,
                                        1,
                                        3)
                                .finished())
                .as("a task is missing")
                .isFalse();
        assertThat(
                        DemoProgress.of(
                                        json("[{},{},{}]"),
                                        json("[]"),
                                        json("{}"),
                                        json(PLANS),
                                        json(done),
                                        3,
                                        2,
                                        3)
                                .finished())
                .as("a plan is missing")
                .isFalse();
    }

    @Test
    void theDiceTableHasARowPerTargetAndTheMeanOfEachKindOverItsFinishedJobs() throws Exception {
        String plans =
                "[{'target':'02-T1-ED','version':2,'path':['01-T1-ED','01-T2-ED']},"
                        + "{'target':'02-T2-ED','version':1,'path':['01-T2-ED','01-T1-ED']}]";
        String jobs =
                "[{'target':'02-T1-ED','kind':'sequential','metrics':{'dice':0.6}},"
                        + "{'target':'02-T1-ED','kind':'direct','metrics':{'dice':0.4}},"
                        + "{'target':'02-T1-ED','kind':'scratch','metrics':{'dice':null}},"
                        + "{'target':'02-T2-ED','kind':'sequential','metrics':{'dice':0.2}},"
                        + "{'target':'02-T2-ED','kind':'direct','metrics':{'dice':0.2}},"
                        + "{'target':'02-T2-ED','kind':'scratch','metrics':{'dice':0.3}}]";
        List<JsonNode> list = new ArrayList<>();
        json(jobs).forEach(list::add);

        String recommendations =
                "[{'target':'02-T1-ED','kind':'direct','heldOutDice':0.4},"
                        + "{'target':'02-T2-ED','kind':null,'heldOutDice':null}]";

        List<String> lines = DiceTable.lines(json(plans), list, json(recommendations));

        assertThat(lines)
                .containsExactly(
                        "target          scratch   direct  sequential         use its Dice   path",
                        "02-T1-ED            NaN   0.4000      0.6000      direct   0.4000   01-T1-ED -> 01-T2-ED",
                        "02-T2-ED         0.3000   0.2000      0.2000           -      NaN   01-T2-ED -> 01-T1-ED",
                        "mean             0.3000   0.3000      0.4000               0.4000");
    }
}
