package io.ostflow.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.common.Json;
import io.ostflow.common.dataset.LabelValues;
import io.ostflow.common.features.FeatureCodec;
import io.ostflow.common.features.ImageFeature;
import io.ostflow.common.features.LabelFeature;
import io.ostflow.common.fingerprint.Fingerprinter;
import io.ostflow.common.fingerprint.StageTimes;
import io.ostflow.common.fingerprint.StageTimes.Stage;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The ingest's per-case work (decode every volume, fingerprint every channel and every label
 * objective, encode the features) on the training cases of a phantom written by {@code ostflow
 * generate}, with the CPU time of each stage and a checksum of every feature (the same for code
 * that computes the same numbers). No object store: the stack benchmark measures GETs and PUTs. Run
 * with {@code bench/run ingest-worker io.ostflow.ingest.bench.IngestStageBenchmark PHANTOM_DIR
 * [threads] [grid]} (docs/benchmarks.md).
 */
public final class IngestStageBenchmark {

    public static void main(String[] args) throws Exception {
        Path phantom = Path.of(args[0]);
        int threads =
                args.length > 1
                        ? Integer.parseInt(args[1])
                        : Runtime.getRuntime().availableProcessors();
        int grid = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        List<Path> sites;
        try (Stream<Path> list = Files.list(phantom)) {
            sites =
                    list.filter(p -> Files.isRegularFile(p.resolve("dataset.json")))
                            .sorted()
                            .toList();
        }
        StageTimes times = new StageTimes();
        Fingerprinter fingerprinter = new Fingerprinter(grid, 0.75, times);
        AtomicLong checksum = new AtomicLong();
        AtomicLong images = new AtomicLong();
        AtomicLong masks = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (Path site : sites) {
            Map<String, LabelValues> objectives = objectives(site);
            for (Case c : cases(site)) {
                futures.add(
                        pool.submit(
                                () -> {
                                    process(c, objectives, fingerprinter, times, checksum);
                                    images.addAndGet(c.channels().size());
                                    masks.addAndGet(objectives.size());
                                }));
            }
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf(
                "%d sites, %d cases: %d image volumes, %d masks; %d threads, G=%d%n",
                sites.size(), futures.size(), images.get(), masks.get(), threads, grid);
        System.out.printf("wall %.1f s (%.2f image volumes/s)%n", seconds, images.get() / seconds);
        double total = 0;
        for (Stage stage : Stage.values()) {
            if (times.count(stage) > 0) {
                total += times.cpuSeconds(stage);
                System.out.printf(
                        "  %-7s %7.2f s cpu  %6d calls%n",
                        stage.name().toLowerCase(), times.cpuSeconds(stage), times.count(stage));
            }
        }
        System.out.printf("  %-7s %7.2f s cpu%n", "total", total);
        System.out.printf("peak RSS %d MB; feature checksum %016x%n", peakRssMb(), checksum.get());
    }

    private static void process(
            Case c,
            Map<String, LabelValues> objectives,
            Fingerprinter fingerprinter,
            StageTimes times,
            AtomicLong checksum) {
        NiftiReader reader = new NiftiReader();
        List<NiftiImage> channels =
                c.channels().stream()
                        .map(f -> times.time(Stage.READ, () -> reader.read(f)))
                        .toList();
        NiftiImage label = times.time(Stage.READ, () -> reader.read(c.label()));
        int[] box = Fingerprinter.boundingBox(channels);
        for (int i = 0; i < channels.size(); i++) {
            ImageFeature feature =
                    fingerprinter.image(c.channels().get(i).toString(), "", channels.get(i), box);
            checksum.addAndGet(Arrays.hashCode(feature.sortedScores()));
            times.time(Stage.ENCODE, () -> FeatureCodec.encode(feature));
        }
        for (LabelValues values : objectives.values()) {
            LabelFeature feature = fingerprinter.label(c.label().toString(), "", label, values);
            checksum.addAndGet(Arrays.hashCode(feature.resizedMask()));
            times.time(Stage.ENCODE, () -> FeatureCodec.encode(feature));
        }
    }

    private record Case(List<Path> channels, Path label) {}

    private static List<Case> cases(Path site) throws Exception {
        Map<String, List<Path>> byCase = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(site.resolve("imagesTr"))) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                byCase.computeIfAbsent(
                                name.substring(0, name.lastIndexOf('_')), k -> new ArrayList<>())
                        .add(f);
            }
        }
        return byCase.entrySet().stream()
                .map(
                        e ->
                                new Case(
                                        e.getValue(),
                                        site.resolve("labelsTr/" + e.getKey() + ".nii.gz")))
                .toList();
    }

    private static Map<String, LabelValues> objectives(Path site) throws Exception {
        JsonNode labels =
                Json.mapper().readTree(site.resolve("dataset.json").toFile()).get("labels");
        Map<String, LabelValues> objectives = new LinkedHashMap<>();
        labels.fields()
                .forEachRemaining(
                        e -> {
                            if (!e.getKey().equals("background")) {
                                objectives.put(e.getKey(), LabelValues.parse(e.getValue()));
                            }
                        });
        return objectives;
    }

    private static long peakRssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
