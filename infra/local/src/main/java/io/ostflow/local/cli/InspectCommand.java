package io.ostflow.local.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ostflow.common.Json;
import io.ostflow.nifti.NiftiException;
import io.ostflow.nifti.NiftiHeader;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints one JSON object describing a NIfTI file, or {@code error: REASON: message} and exit 2. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
            "Reads a NIfTI-1/2 file (.nii or .nii.gz) and prints version, dims, datatype, pixdim,",
            "sclSlope, sclInter and min/max/mean after scaling as one JSON object.",
            "A file that cannot be read prints 'error: <REASON>: <message>' on stderr and exits 2."
        })
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the NIfTI file")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            spec.commandLine().getErr().println("error: NOT_FOUND: no such file: " + file);
            return OstflowCommand.BAD_INPUT;
        }
        NiftiImage image;
        try {
            image = new NiftiReader(NiftiReader.DEFAULT_MAX_DATA_BYTES, false).read(file);
        } catch (NiftiException e) {
            spec.commandLine().getErr().println("error: " + e.reason() + ": " + e.getMessage());
            return OstflowCommand.BAD_INPUT;
        }
        spec.commandLine().getOut().println(Json.mapper().writeValueAsString(describe(image)));
        return 0;
    }

    static ObjectNode describe(NiftiImage image) {
        NiftiHeader h = image.header();
        NiftiImage.Statistics stats = image.statistics();
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("version", h.version());
        json.putPOJO("dims", h.dims());
        json.put("datatype", h.datatype().label());
        json.putPOJO("pixdim", h.pixdim());
        json.put("byteOrder", h.byteOrder().toString().equals("LITTLE_ENDIAN") ? "little" : "big");
        json.put("sclSlope", h.sclSlope());
        json.put("sclInter", h.sclInter());
        json.put("qformCode", h.qformCode());
        json.put("sformCode", h.sformCode());
        json.put("min", stats.min());
        json.put("max", stats.max());
        json.put("mean", stats.mean());
        return json;
    }
}
