package io.ostflow.local.cli;

import io.ostflow.local.importer.BratsImporter;
import io.ostflow.local.importer.ImportResult;
import io.ostflow.local.importer.IsegImporter;
import io.ostflow.local.importer.MsdImporter;
import io.ostflow.local.importer.WmhImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ostflow import}: a public release as published into nnU-Net v2 raw site folders. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Imports a public release as published into nnU-Net v2 raw folders, one per site,"
                    + " ready for `ostflow upload` (docs/reproduce.md).",
            "FORMAT: brats2021 or fets2022 (subject folders ID/ID_{t1,t1ce,t2,flair,seg}.nii.gz;"
                    + " labels 1 NCR, 2 ED, 4 ET), or wmh (site folders SITE/ID/pre/FLAIR.nii.gz"
                    + " and SITE/ID/wmh.nii.gz; label 1 WMH, 2 other pathology, written as"
                    + " background), or msd (a Decathlon task folder TaskNN_Name with its"
                    + " nnU-Net v1 dataset.json; 4-D images split into channels; one site,"
                    + " --sites N, default 1), or iseg2019 (Analyze 7.5 pairs"
                    + " subject-N-{T1,T2,label}.hdr/.img; labels 10 CSF, 150 GM, 250 WM; one"
                    + " site, --sites N). The source is only read; a subject with a"
                    + " missing or unreadable file is listed and left out."
        })
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FORMAT", description = "brats2021, fets2022, wmh or msd")
    String format;

    @Parameters(index = "1", paramLabel = "SRC", description = "the release's folder of subjects")
    Path source;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(
            names = "--partitioning",
            paramLabel = "CSV",
            description = "FeTS partitioning_1.csv or partitioning_2.csv: one site per partition")
    Path partitioning;

    @Option(
            names = "--sites",
            split = ",",
            paramLabel = "ID",
            description = "the partitions to import (default: every one)")
    Set<Integer> sites = new TreeSet<>();

    @Option(
            names = "--target-sites",
            split = ",",
            paramLabel = "ID",
            description =
                    "the partitions imported as targets (the rest are sources); wmh: site numbers,"
                            + " 1 = the first site folder by name")
    Set<Integer> targetSites = new TreeSet<>();

    @Option(
            names = "--test-cases",
            defaultValue = "0",
            description = "per target site, subjects held out in imagesTs/labelsTs (default 0)")
    int testCases;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (!List.of("brats2021", "fets2022", "wmh", "msd", "iseg2019").contains(format)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "unknown format '" + format + "': brats2021, fets2022, wmh, msd or iseg2019");
        }
        boolean oneSite = format.equals("msd") || format.equals("iseg2019");
        if (oneSite && (partitioning != null || sites.size() > 1)) {
            throw new ParameterException(
                    spec.commandLine(),
                    format
                            + " imports one release as one site: --sites N (one number), no"
                            + " --partitioning");
        }
        if (format.equals("wmh") && (partitioning != null || !sites.isEmpty())) {
            throw new ParameterException(
                    spec.commandLine(),
                    "wmh takes its sites from the release's site folders: no --partitioning or"
                            + " --sites");
        }
        if (!Files.isDirectory(source)) {
            throw new ParameterException(spec.commandLine(), "not a folder: " + source);
        }
        if (format.equals("fets2022") && partitioning == null) {
            throw new ParameterException(
                    spec.commandLine(), "fets2022 needs --partitioning (partitioning_1.csv)");
        }
        if (out.toAbsolutePath().normalize().startsWith(source.toAbsolutePath().normalize())) {
            throw new ParameterException(spec.commandLine(), "--out must not be inside SRC");
        }
        ImportResult result =
                switch (format) {
                    case "wmh" ->
                            new WmhImporter()
                                    .run(
                                            new WmhImporter.Request(source, targetSites, testCases),
                                            out);
                    case "msd" -> msd();
                    case "iseg2019" -> iseg();
                    default -> brats();
                };
        var console = spec.commandLine().getOut();
        result.sites().forEach(s -> console.println("wrote " + s));
        result.problems().forEach(p -> console.println("left out: " + p));
        console.println(
                result.sites().size()
                        + " sites, "
                        + result.problems().size()
                        + " subjects left out; next: ./ostflow upload "
                        + out
                        + "/*");
        return 0;
    }

    private ImportResult msd() {
        int site = sites.isEmpty() ? 1 : sites.iterator().next();
        return new MsdImporter()
                .run(
                        new MsdImporter.Request(
                                source, site, targetSites.contains(site), testCases),
                        out);
    }

    private ImportResult iseg() {
        int site = sites.isEmpty() ? 1 : sites.iterator().next();
        return new IsegImporter()
                .run(
                        new IsegImporter.Request(
                                source, site, targetSites.contains(site), testCases),
                        out);
    }

    private ImportResult brats() {
        return new BratsImporter()
                .run(
                        new BratsImporter.Request(
                                source, partitioning, sites, targetSites, testCases),
                        out);
    }
}
