package io.ostflow.trainer.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.common.Json;
import io.ostflow.phantom.PhantomGenerator;
import io.ostflow.phantom.PhantomSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ostflow train} on a small local phantom folder: the JSON it prints and its errors. */
class TrainCommandTest {
    @TempDir static Path dir;
    static Path site;

    @BeforeAll
    static void phantom() {
        site =
                new PhantomGenerator(new PhantomSpec(1, 0, 5, 1, 0, new int[] {32, 32, 16}, 3))
                        .writeAll(dir)
                        .get(0);
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TrainCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsPerCaseAndMeanDiceAsJson() throws Exception {
        Run r =
                run(
                        site.toString(),
                        "--modality",
                        "flair",
                        "--objective",
                        "ED",
                        "--train-cases",
                        "3",
                        "--eval-cases",
                        "2",
                        "--profile",
                        "quick",
                        "--steps",
                        "10",
                        "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("cases").size()).isEqualTo(2);
        assertThat(json.get("cases").has(PhantomGenerator.caseId(3))).isTrue();
        assertThat(json.get("dice").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("iou").asDouble()).isLessThanOrEqualTo(json.get("dice").asDouble());
        assertThat(json.get("seconds").asDouble()).isPositive();
    }

    @Test
    void aTransferPretrainsOnTheSourceAndReportsTheIncomingModelsDice() throws Exception {
        Run r =
                run(
                        site.toString(),
                        "--modality",
                        "T1",
                        "--objective",
                        "ED",
                        "--train-cases",
                        "2",
                        "--eval-cases",
                        "2",
                        "--from",
                        site.toString(),
                        "--from-modality",
                        "flair",
                        "--from-objective",
                        "ED",
                        "--from-cases",
                        "3",
                        "--pretrain-steps",
                        "6",
                        "--steps",
                        "4",
                        "--profile",
                        "quick",
                        "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("incomingDice").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("dice").asDouble()).isBetween(0.0, 1.0);
        assertThat(r.err()).contains("step 6/6").contains("step 4/4");

        Run incomplete =
                run(
                        site.toString(),
                        "--modality",
                        "T1",
                        "--objective",
                        "ED",
                        "--train-cases",
                        "2",
                        "--eval-cases",
                        "2",
                        "--from",
                        site.toString(),
                        "--from-modality",
                        "flair");
        assertThat(incomplete.exit()).isEqualTo(2);
        assertThat(incomplete.err())
                .contains("--from needs --from-modality, --from-objective and --from-cases");
    }

    @Test
    void aPathFineTunesEachIntermediateBeforeTheTarget() throws Exception {
        String via = site + ":T2:ED:2";
        Run r =
                run(
                        site.toString(),
                        "--modality",
                        "T1",
                        "--objective",
                        "ED",
                        "--train-cases",
                        "2",
                        "--eval-cases",
                        "2",
                        "--from",
                        site.toString(),
                        "--from-modality",
                        "flair",
                        "--from-objective",
                        "ED",
                        "--from-cases",
                        "3",
                        "--via",
                        via,
                        "--pretrain-steps",
                        "6",
                        "--steps",
                        "4",
                        "--profile",
                        "quick",
                        "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        int hopSteps = io.ostflow.trainer.model.TrainingSettings.quick().finetuneSteps();
        assertThat(r.err())
                .as("pre-training, the intermediate's fine-tuning, the target's")
                .containsSubsequence("step 6/6", "step " + hopSteps + "/" + hopSteps, "step 4/4");
        assertThat(Json.mapper().readTree(r.out()).get("dice").asDouble()).isBetween(0.0, 1.0);

        Run noSource =
                run(
                        site.toString(),
                        "--modality",
                        "T1",
                        "--objective",
                        "ED",
                        "--train-cases",
                        "2",
                        "--eval-cases",
                        "2",
                        "--via",
                        via);
        assertThat(noSource.exit()).isEqualTo(2);
        assertThat(noSource.err()).contains("--via needs --from");
        Run malformed =
                run(
                        site.toString(),
                        "--modality",
                        "T1",
                        "--objective",
                        "ED",
                        "--train-cases",
                        "2",
                        "--eval-cases",
                        "2",
                        "--from",
                        site.toString(),
                        "--from-modality",
                        "flair",
                        "--from-objective",
                        "ED",
                        "--from-cases",
                        "3",
                        "--via",
                        "T2:ED");
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err()).contains("--via must be DIR:MODALITY:OBJECTIVE:CASES");
    }

    @Test
    void badInputExitsWithCode2AndOneClearLine() {
        Run unknownModality =
                run(
                        site.toString(),
                        "--modality",
                        "PET",
                        "--objective",
                        "ED",
                        "--train-cases",
                        "3",
                        "--eval-cases",
                        "2");
        assertThat(unknownModality.exit()).isEqualTo(2);
        assertThat(unknownModality.err()).startsWith("error: modality PET is not in dataset.json");

        Run tooMany =
                run(
                        site.toString(),
                        "--modality",
                        "T1",
                        "--objective",
                        "ED",
                        "--train-cases",
                        "4",
                        "--eval-cases",
                        "2");
        assertThat(tooMany.exit()).isEqualTo(2);
        assertThat(tooMany.err()).contains("the folder has 5");

        Run noFolder =
                run(
                        dir.resolve("nowhere").toString(),
                        "--modality",
                        "T1",
                        "--objective",
                        "ED",
                        "--train-cases",
                        "1",
                        "--eval-cases",
                        "1");
        assertThat(noFolder.exit()).isEqualTo(2);
        assertThat(noFolder.err()).contains("has no dataset.json");
    }
}
