package io.ostflow.planner.evaluation.audit;

import io.ostflow.common.events.TransferabilityScore;

/** The audit report's side-by-side table of transferability scores ({@link ScoreComparison}). */
final class ScoreMarkdown {
    private ScoreMarkdown() {}

    /** A score's name in a report. */
    static String label(TransferabilityScore score) {
        return switch (score) {
            case LEEP -> "LEEP";
            case BALANCED_LEEP -> "balanced LEEP";
            case EEP_DICE -> "EEP Dice";
        };
    }

    static void append(StringBuilder md, AuditReport report) {
        md.append("## Transferability scores side by side\n\n");
        md.append(
                "Every score each trained transfer measured of its last source stage on the"
                        + " target's labelled cases (docs/algorithm.md, Transferability scores)."
                        + " Per target, Spearman's rho / Kendall's tau of the score against"
                        + " validation Dice (what a score is chosen by) and against held-out Dice"
                        + " (what it is reported by) over each kind's trained grid, and the regret"
                        + " of its choice: the held-out Dice of the candidate of best validation"
                        + " Dice minus that of the highest-scored one; means over the targets"
                        + " that have each. The planner ranks by "
                        + label(report.rankedBy())
                        + ".\n\n");
        md.append(
                "| score | grid | rho / tau, validation | rho / tau, held-out | regret |"
                        + " targets |\n");
        md.append("| --- | --- | --- | --- | --- | --- |\n");
        for (AuditReport.ScoreResult r : report.scores()) {
            md.append(
                    String.format(
                            "| %s | %s | %s / %s | %s / %s | %s | %d |%n",
                            label(r.score()),
                            r.kind() == io.ostflow.common.events.JobKind.DIRECT
                                    ? "sources"
                                    : "paths",
                            number(r.validationRho(), "%+.2f"),
                            number(r.validationTau(), "%+.2f"),
                            number(r.heldOutRho(), "%+.2f"),
                            number(r.heldOutTau(), "%+.2f"),
                            number(r.regret(), "%.3f"),
                            r.targets()));
        }
        md.append('\n');
    }

    private static String number(Double value, String format) {
        return value == null ? "—" : String.format(format, value);
    }
}
