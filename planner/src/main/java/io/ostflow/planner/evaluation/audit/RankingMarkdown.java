package io.ostflow.planner.evaluation.audit;

/** The audit report's section on the planner's rankings replayed on the trained grid. */
final class RankingMarkdown {
    private RankingMarkdown() {}

    static void append(StringBuilder md, AuditReport report) {
        md.append("## The planner's rankings on the trained grid\n\n");
        md.append(
                "What each `ostflow.planner.ranking` would plan on each target: affinity takes the"
                        + " cheapest path and source (the OST path; argmin w), transferability the"
                        + " highest "
                        + ScoreMarkdown.label(report.rankedBy())
                        + " of the shortlist (the cheapest 1 + alternatives), per"
                        + " seed. The scores are those every trained transfer measured of its"
                        + " last source stage (no extra job: one forward pass over the target's"
                        + " labelled cases each). Transfer: what the ranking would plan when paths"
                        + " and single sources compete (affinity: its path; transferability: the"
                        + " higher-scored of its path and source). Regret: the held-out Dice of the"
                        + " path (source; either) of best validation Dice minus the chosen one's."
                        + " rho / tau: Spearman and Kendall of the ranking's score (cost: good near"
                        + " -1; transferability: good near +1) against held-out Dice over the whole"
                        + " grid.\n\n");
        md.append(
                "| target | ranking | path | Dice | regret | rho / tau | source | Dice | regret |"
                        + " rho / tau | transfer | Dice | regret |\n");
        md.append(
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (AuditReport.TargetReport t : report.targets()) {
            for (AuditReport.RankingResult r : t.rankings()) {
                md.append(
                        String.format(
                                "| %s | %s | %s | %s | %s | %s / %s | %s | %s | %s | %s / %s | %s"
                                        + " | %s | %s |%n",
                                t.target(),
                                r.ranking(),
                                key(r.path()),
                                r.pathDice().text(),
                                r.pathRegret().text(),
                                rho(r.pathRho()),
                                rho(r.pathTau()),
                                key(r.source()),
                                r.sourceDice().text(),
                                r.sourceRegret().text(),
                                rho(r.sourceRho()),
                                rho(r.sourceTau()),
                                key(r.transfer()),
                                r.transferDice().text(),
                                r.transferRegret().text()));
            }
        }
        for (AuditReport.RankingSummary r : report.rankings()) {
            md.append(
                    String.format(
                            "| **mean** | **%s** | | **%s** | **%s** | **%s / %s** | | **%s** |"
                                    + " **%s** | **%s / %s** | | **%s** | **%s** |%n",
                            r.ranking(),
                            r.pathDice().text(),
                            r.pathRegret().text(),
                            rho(r.pathRho()),
                            rho(r.pathTau()),
                            r.sourceDice().text(),
                            r.sourceRegret().text(),
                            rho(r.sourceRho()),
                            rho(r.sourceTau()),
                            r.transferDice().text(),
                            r.transferRegret().text()));
        }
        md.append('\n');
        for (AuditReport.RankingSummary r : report.rankings()) {
            md.append(
                    String.format(
                            "Validation Dice of %s's choices (what a plan's shape is chosen by):"
                                    + " path %s, transfer %s.%n%n",
                            r.ranking(), r.pathValidation().text(), r.transferValidation().text()));
        }
    }

    private static String key(String key) {
        return key == null ? "—" : AuditMarkdown.shortKey(key);
    }

    private static String rho(Double rho) {
        return rho == null ? "—" : String.format("%+.2f", rho);
    }
}
