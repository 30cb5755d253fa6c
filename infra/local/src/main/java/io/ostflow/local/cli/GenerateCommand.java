package io.ostflow.local.cli;

import io.ostflow.local.importer.ReleaseLayouts;
import io.ostflow.phantom.PhantomCase;
import io.ostflow.phantom.PhantomGenerator;
import io.ostflow.phantom.PhantomMontage;
import io.ostflow.phantom.PhantomSpec;
import io.ostflow.phantom.SiteProfile;
import io.ostflow.phantom.SiteStyle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Writes a synthetic multi-site brain-tumour dataset in the nnU-Net v2 raw layout. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description =
                "Generates phantom multi-site brain-tumour MRI (nnU-Net v2 raw layout, one folder per site).")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(
            names = "--sites",
            defaultValue = "3",
            description = "source sites (default: ${DEFAULT-VALUE})")
    int sites;

    @Option(
            names = "--target-sites",
            defaultValue = "1",
            description = "target sites (default: ${DEFAULT-VALUE})")
    int targetSites;

    @Option(
            names = "--cases",
            defaultValue = "8",
            description = "labelled cases per source site (default: ${DEFAULT-VALUE})")
    int cases;

    @Option(
            names = "--target-cases",
            defaultValue = "5",
            description = "labelled cases per target site (default: ${DEFAULT-VALUE})")
    int targetCases;

    @Option(
            names = "--test-cases",
            defaultValue = "4",
            description = "held-out cases per target site (default: ${DEFAULT-VALUE})")
    int testCases;

    @Option(
            names = "--shape",
            defaultValue = "96,96,64",
            paramLabel = "X,Y,Z",
            description = "volume shape (default: ${DEFAULT-VALUE})")
    String shape;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--target-styles",
            split = ",",
            paramLabel = "STYLE",
            description =
                    "style of each target site, cycled: glioma (as the sources), infant (iSeg-like:"
                            + " T1, T2; CSF, GM, WM) or wmh (FLAIR; white-matter lesions);"
                            + " default glioma")
    List<String> targetStyles = List.of();

    @Option(
            names = "--layout",
            defaultValue = "nnunet",
            description =
                    "nnunet (site folders ready for upload, default), or a release's published"
                            + " layout for `ostflow import`: fets2022, wmh, msd, iseg2019 (written under"
                            + " OUT/release, the nnU-Net folders under OUT/nnunet)")
    String layout;

    @Option(
            names = "--preview",
            paramLabel = "PNG",
            description = "also write a montage of each site's first case")
    Path preview;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PhantomSpec phantom;
        try {
            phantom =
                    new PhantomSpec(
                            sites,
                            targetSites,
                            cases,
                            targetCases,
                            testCases,
                            parseShape(shape),
                            seed,
                            targetStyles.stream().map(SiteStyle::of).toList());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!layout.equals("nnunet") && !ReleaseLayouts.FORMATS.contains(layout)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--layout must be nnunet or one of "
                            + ReleaseLayouts.FORMATS
                            + ", was "
                            + layout);
        }
        Console console = new Console(spec.commandLine().getOut());
        PhantomGenerator generator = new PhantomGenerator(phantom);
        Path folders = layout.equals("nnunet") ? out : out.resolve("nnunet");
        List<Path> written = new ArrayList<>();
        for (SiteProfile site : generator.sites()) {
            written.add(generator.writeSite(folders, site));
            console.step(
                    String.format(
                            "site %s (%s, %s, %s, noise %.3f, bias %.2f) -> %s",
                            site.name(),
                            site.role().wireName(),
                            site.style().wire(),
                            site.storage().label(),
                            site.noiseSigma(),
                            site.biasStrength(),
                            folders.resolve(site.name())));
        }
        if (!layout.equals("nnunet")) {
            new ReleaseLayouts()
                    .write(layout, written, out.resolve("release"))
                    .forEach(console::step);
            console.step(layout + " release -> " + out.resolve("release"));
        }
        if (preview != null) {
            writePreview(generator);
            console.step("preview -> " + preview);
        }
        return 0;
    }

    private void writePreview(PhantomGenerator generator) {
        List<PhantomCase> firstCases = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (SiteProfile site : generator.sites()) {
            firstCases.add(generator.generate(site, PhantomGenerator.caseId(0)));
            titles.add(
                    "site "
                            + site.name()
                            + " ("
                            + site.role().wireName()
                            + (site.style() == SiteStyle.GLIOMA ? "" : ", " + site.style().wire())
                            + ", "
                            + site.storage().label()
                            + ")");
        }
        PhantomMontage.write(preview, firstCases, titles, 2);
    }

    static int[] parseShape(String text) {
        String[] parts = text.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--shape must be X,Y,Z, was '" + text + "'");
        }
        int[] shape = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                shape[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--shape must be three integers, was '" + text + "'");
            }
        }
        return shape;
    }
}
