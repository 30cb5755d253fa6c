package io.ostflow.ingest.bench;

import io.ostflow.common.fingerprint.Fingerprinter;
import io.ostflow.nifti.NiftiDatatype;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import io.ostflow.nifti.NiftiWriter;
import io.ostflow.nifti.Voxels;
import io.ostflow.phantom.PhantomGenerator;
import io.ostflow.phantom.PhantomSpec;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Fingerprint throughput on phantom volumes of 240 x 240 x 155 int16 {@code .nii.gz}, against the
 * limit set by gzip decoding alone. Run with {@code bench/run ingest-worker
 * io.ostflow.ingest.bench.FingerprintBenchmark [volumes] [threads] [grid]} (docs/benchmarks.md).
 */
public final class FingerprintBenchmark {
    private static final int[] SHAPE = {240, 240, 155};

    public static void main(String[] args) throws Exception {
        int volumes = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int threads =
                args.length > 1
                        ? Integer.parseInt(args[1])
                        : Runtime.getRuntime().availableProcessors();
        int grid = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        Path dir = Files.createTempDirectory("ostflow-bench");
        List<Path> files = prepare(dir, volumes);
        long bytes = files.stream().mapToLong(FingerprintBenchmark::size).sum();
        System.out.printf(
                "%d volumes %dx%dx%d int16 .nii.gz, %.1f MB compressed, %d threads, G=%d, max heap %d MB%n",
                files.size(),
                SHAPE[0],
                SHAPE[1],
                SHAPE[2],
                bytes / 1e6,
                threads,
                grid,
                Runtime.getRuntime().maxMemory() >> 20);

        Fingerprinter fingerprinter = new Fingerprinter(grid, 0.75);
        NiftiReader reader = new NiftiReader();
        AtomicLong components = new AtomicLong();
        double gzip = run("gzip decode only", files, threads, FingerprintBenchmark::drainGzip);
        double decode = run("NIfTI decode", files, threads, f -> reader.read(f));
        double full =
                run(
                        "decode + fingerprint",
                        files,
                        threads,
                        f -> {
                            NiftiImage image = reader.read(f);
                            components.addAndGet(
                                    fingerprinter
                                            .image(f.toString(), "", image, new int[6])
                                            .components());
                        });
        System.out.printf("mean components kept: %.1f%n", components.get() / (2.0 * files.size()));
        System.out.printf("peak RSS: %d MB%n", peakRssMb());
        System.out.printf(
                "fingerprint / gzip-only throughput: %.2f; / NIfTI decode: %.2f%n",
                full / gzip, full / decode);
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Runs {@code task} over all files twice (the first pass warms the JIT) and reports the second.
     */
    private static double run(String name, List<Path> files, int threads, Task task)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double rate = 0;
            for (int pass = 0; pass < 2; pass++) {
                long start = System.nanoTime();
                List<Future<Void>> futures = new ArrayList<>();
                for (Path f : files) {
                    futures.add(
                            pool.submit(
                                    () -> {
                                        task.run(f);
                                        return null;
                                    }));
                }
                for (Future<Void> future : futures) {
                    future.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                rate = files.size() / seconds;
            }
            System.out.printf("%-22s %6.2f volumes/s%n", name, rate);
            return rate;
        } finally {
            pool.shutdown();
        }
    }

    private static List<Path> prepare(Path dir, int volumes) throws Exception {
        int cases = (volumes + 3) / 4;
        Path site =
                new PhantomGenerator(new PhantomSpec(1, 0, cases, 1, 0, SHAPE, 2024))
                        .writeAll(dir)
                        .get(0);
        List<Path> files;
        try (Stream<Path> paths = Files.list(site.resolve("imagesTr"))) {
            files = paths.sorted().limit(volumes).toList();
        }
        for (Path file : files) {
            NiftiImage image = new NiftiReader().read(file);
            if (image.header().datatype() != NiftiDatatype.INT16) {
                Voxels int16 = Voxels.allocate(NiftiDatatype.INT16, image.voxels().size());
                for (int i = 0; i < int16.size(); i++) {
                    int16.set(i, image.scaled(i));
                }
                NiftiWriter.write(
                        new NiftiImage(
                                image.header().toBuilder()
                                        .datatype(NiftiDatatype.INT16)
                                        .scaling(1, 0)
                                        .build(),
                                int16),
                        file);
            }
        }
        return files;
    }

    private static void drainGzip(Path file) throws Exception {
        try (InputStream in =
                new GZIPInputStream(
                        new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16)) {
            byte[] buffer = new byte[1 << 20];
            while (in.read(buffer) >= 0) {
                // decode only
            }
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (Exception e) {
            return 0;
        }
    }

    private static long peakRssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    @FunctionalInterface
    private interface Task {
        void run(Path file) throws Exception;
    }
}
