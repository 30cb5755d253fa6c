package io.ostflow.planner.evaluation.audit;

import io.ostflow.planner.evaluation.calibration.CrossValidation;
import java.util.List;
import java.util.function.Function;

/**
 * An audit report as Markdown, in the paper's layout: Table 1 (scratch, direct, sequential), Table
 * 3 (best direct against best sequential), Table 4 (single and multiple sources), then the regret
 * and rank correlation per target. Cells are mean ± sd over seeds. O(targets x rows).
 */
public final class AuditMarkdown {
    private AuditMarkdown() {}

    public static String render(AuditReport report) {
        return render(report, null);
    }

    /** The report with its calibration cross-validated by target site, if given. */
    public static String render(AuditReport report, CrossValidation.Result calibration) {
        StringBuilder md = new StringBuilder();
        md.append("# Audit ").append(report.auditId()).append("\n\n");
        md.append(
                String.format(
                        "State: %s; jobs %d of %d finished (%d failed); seeds %s; grid %s;"
                                + " %d random draws; scheduled %s. Dice on the target's held-out"
                                + " cases, mean ± sd over seeds.%n%n",
                        report.state(),
                        report.jobs().completed() + report.jobs().failed(),
                        report.jobs().total(),
                        report.jobs().failed(),
                        report.seeds(),
                        report.gridLimit() == 0
                                ? "exhaustive"
                                : "the cheapest " + report.gridLimit() + " per kind",
                        report.randomDraws(),
                        report.scheduledAt()));
        table(
                md,
                "Table 1: training from scratch, direct and sequential transfer",
                List.of("scratch", "direct", "sequential (OST)", "OST path"),
                report,
                r -> List.of(r.scratch(), r.direct(), r.sequential()),
                t -> String.join(" → ", t.path()));
        table(
                md,
                "Table 3: the best direct transfer against the best sequential path",
                List.of("best direct", "best sequential", "grids"),
                report,
                r -> List.of(r.bestDirect(), r.bestSequential()),
                AuditMarkdown::grids);
        table(
                md,
                "Table 4, single source: random, "
                        + ScoreMarkdown.label(report.rankedBy())
                        + ", ostflow's choice and the best trained",
                List.of(
                        "random",
                        ScoreMarkdown.label(report.rankedBy()),
                        "ostflow (argmin w)",
                        "best trained"),
                report,
                r -> List.of(r.randomDirect(), r.leepDirect(), r.ostflowDirect(), r.bestDirect()),
                null);
        table(
                md,
                "Table 4, multiple sources: random paths, multi-task, the OST path and the"
                        + " best trained",
                List.of("random", "multi-task (joint)", "OST path", "best trained"),
                report,
                r ->
                        List.of(
                                r.randomSequential(),
                                r.multitask(),
                                r.sequential(),
                                r.bestSequential()),
                null);
        regret(md, report);
        RankingMarkdown.append(md, report);
        ScoreMarkdown.append(md, report);
        if (calibration != null) {
            calibration(md, calibration);
        }
        return md.toString();
    }

    private static void table(
            StringBuilder md,
            String title,
            List<String> columns,
            AuditReport report,
            Function<AuditReport.Rows, List<Cell>> cells,
            Function<AuditReport.TargetReport, String> extra) {
        md.append("## ").append(title).append("\n\n| target | ");
        md.append(String.join(" | ", columns)).append(" |\n|");
        md.append(" --- |".repeat(columns.size() + 1)).append('\n');
        for (AuditReport.TargetReport t : report.targets()) {
            md.append("| ").append(t.target());
            for (Cell c : cells.apply(t.rows())) {
                md.append(" | ").append(c.text());
                if (c.candidate() != null) {
                    md.append(" (").append(shortKey(c.candidate())).append(')');
                }
            }
            if (extra != null) {
                md.append(" | ").append(extra.apply(t));
            }
            md.append(" |\n");
        }
        md.append("| **mean**");
        for (Cell c : cells.apply(report.summary())) {
            md.append(" | **").append(c.text()).append("**");
        }
        if (extra != null) {
            md.append(" | ");
        }
        md.append(" |\n\n");
    }

    private static void regret(StringBuilder md, AuditReport report) {
        md.append("## Regret and rank correlation\n\n");
        md.append(
                "Regret: the held-out Dice of the admissible path that validates best minus"
                        + " the OST path's (and of the transfer that validates best); every best"
                        + " row is chosen on the target's validation cases and reported on its"
                        + " held-out cases. Rank correlation: Spearman's rho and Kendall's tau-b"
                        + " (rho / tau) between"
                        + " cost and mean Dice over the trained candidates of each kind; a cost"
                        + " model that ranks transfers"
                        + " well is near -1 ("
                        + ScoreMarkdown.label(report.rankedBy())
                        + ", higher is better: near +1).\n\n");
        md.append(
                "| target | regret | regret, any transfer | cost, direct | cost, paths"
                        + " | "
                        + ScoreMarkdown.label(report.rankedBy())
                        + ", direct |\n");
        md.append("| --- | --- | --- | --- | --- | --- |\n");
        for (AuditReport.TargetReport t : report.targets()) {
            AuditReport.KendallTaus tau = t.kendallTau();
            md.append(
                    String.format(
                            "| %s | %s | %s | %s / %s | %s / %s | %s / %s |%n",
                            t.target(),
                            t.regret().text(),
                            t.regretAnyTransfer().text(),
                            rho(t.directRankCorrelation()),
                            rho(tau.direct()),
                            rho(t.sequentialRankCorrelation()),
                            rho(tau.sequential()),
                            rho(t.leepRankCorrelation()),
                            rho(tau.leep())));
        }
        md.append('\n');
    }

    private static void calibration(StringBuilder md, CrossValidation.Result cv) {
        md.append("## Calibration, held out by target ").append(cv.foldsBy()).append("\n\n");
        md.append(
                "Alpha and beta fitted within targets (cost and Dice centred per target; direct"
                        + " transfers as one-term paths; H and R min-max scaled) on the trained"
                        + " transfers of the other "
                        + cv.foldsBy()
                        + "s only; each held-out target then takes the cheapest of its own trained"
                        + " paths under them, or keeps its OST path where the fit is not"
                        + " predictive (its correlation not above the 5% critical value of a"
                        + " multiple correlation on the two per-path sums). Regret: the held-out Dice of the path of best validation Dice"
                        + " minus the chosen one's (means over seeds).\n\n");
        md.append(
                "| held out | transfers fitted on | alpha | beta | correlation | needed | verdict |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (CrossValidation.Fold f : cv.folds()) {
            md.append(
                    String.format(
                            "| %s | %d | %s | %s | %s | %s | %s |%n",
                            f.heldOut(),
                            f.observations(),
                            f.alpha() == null ? "— (" + f.skipped() + ")" : fmt(f.alpha()),
                            f.beta() == null ? "—" : fmt(f.beta()),
                            f.correlation() == null ? "—" : fmt(f.correlation()),
                            f.needed() == null ? "—" : fmt(f.needed()),
                            verdict(f)));
        }
        md.append("\n| target | regret before (OST path) | regret after | chosen after |\n");
        md.append("| --- | --- | --- | --- |\n");
        for (CrossValidation.TargetResult t : cv.targets()) {
            md.append(
                    String.format(
                            "| %s | %.3f | %s | %s |%n",
                            t.target(),
                            t.regretBefore(),
                            t.regretAfter() == null ? "—" : String.format("%.3f", t.regretAfter()),
                            t.calibratedChoice() == null ? "—" : shortKey(t.calibratedChoice())));
        }
        md.append(
                String.format(
                        "| **mean** | **%s** | **%s** | |%n%n",
                        cv.meanRegretBefore() == null
                                ? "—"
                                : String.format("%.3f", cv.meanRegretBefore()),
                        cv.meanRegretAfter() == null
                                ? "—"
                                : String.format("%.3f", cv.meanRegretAfter())));
    }

    /** A fold's verdict; a fit at an edge of the range says which signal it leaned on. */
    static String verdict(CrossValidation.Fold f) {
        if (f.alpha() == null) {
            return "—";
        }
        String verdict =
                f.predictive() ? "predictive" : "H and R do not predict Dice: weights kept";
        if (!f.atEdge()) {
            return verdict;
        }
        double ratio = Math.log10(f.alpha() / f.beta());
        String leaning = ratio > 2 ? ": H alone" : ratio < -2 ? ": R alone" : "";
        return verdict + ", at an edge of [0.001, 10]" + leaning;
    }

    private static String fmt(double v) {
        return String.format("%.4g", v);
    }

    private static String grids(AuditReport.TargetReport t) {
        long direct = t.grid().stream().filter(c -> c.key().startsWith("direct:")).count();
        long sequential = t.grid().stream().filter(c -> c.key().startsWith("sequential:")).count();
        return direct
                + " sources"
                + (t.directGridComplete() ? "" : " (cut)")
                + ", "
                + sequential
                + " paths"
                + (t.sequentialGridComplete() ? "" : " (cut)");
    }

    private static String rho(Double rho) {
        return rho == null ? "—" : String.format("%+.2f", rho);
    }

    /** {@code 01-T1-ED}, {@code 01-T1-ED → 04-T1-ED}: the sources of a candidate key. */
    static String shortKey(String key) {
        int colon = key.indexOf(':');
        return colon < 0 ? key : key.substring(colon + 1).replace(">", " → ");
    }
}
