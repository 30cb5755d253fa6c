package io.ostflow.ingest.service;

import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.dataset.LabelValues;
import io.ostflow.common.dataset.TaskNames;
import io.ostflow.common.events.Problem;
import io.ostflow.common.features.FeatureCodec;
import io.ostflow.common.features.ImageFeature;
import io.ostflow.common.features.LabelFeature;
import io.ostflow.common.fingerprint.Fingerprinter;
import io.ostflow.common.fingerprint.StageTimes;
import io.ostflow.common.fingerprint.StageTimes.Stage;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.common.storage.ObjectStoreException;
import io.ostflow.common.storage.StorageUnavailableException;
import io.ostflow.ingest.domain.CaseFiles;
import io.ostflow.ingest.domain.LandingFile;
import io.ostflow.ingest.domain.Reasons;
import io.ostflow.ingest.domain.VolumeChecks;
import io.ostflow.nifti.NiftiError;
import io.ostflow.nifti.NiftiException;
import io.ostflow.nifti.NiftiHeader;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Reads and checks every volume of one case (NIfTI validity, finite voxels, 3-D, one shape and one
 * geometry for every channel and the label map, declared label values) and, for training cases,
 * computes and stores its fingerprints. Holds one case's volumes at a time, within the ingest's
 * {@link MemoryBudget} (reserved from the volumes' headers before any voxel is decoded).
 */
public final class CaseProcessor {
    private final ObjectStore store;
    private final String landingBucket;
    private final String featuresBucket;
    private final NiftiReader reader;
    private final Fingerprinter fingerprinter;
    private final VolumeChecks checks;
    private final StageTimes times;
    private final ExecutorService io;
    private final MemoryBudget budget;

    /**
     * @param geometryTolerance relative tolerance of spacing, origin and direction agreement
     * @param times where reading, checking, encoding and storing add their time
     * @param io threads for GETs and PUTs, so that object-store latency overlaps the arithmetic
     * @param budget the decoded bytes the cases being read may hold at once
     */
    public CaseProcessor(
            ObjectStore store,
            String landingBucket,
            String featuresBucket,
            NiftiReader reader,
            Fingerprinter fingerprinter,
            double geometryTolerance,
            StageTimes times,
            ExecutorService io,
            MemoryBudget budget) {
        this.store = store;
        this.landingBucket = landingBucket;
        this.featuresBucket = featuresBucket;
        this.reader = reader;
        this.fingerprinter = fingerprinter;
        this.checks = new VolumeChecks(geometryTolerance);
        this.times = times;
        this.io = io;
        this.budget = budget;
    }

    /** What one case produced: problems, or the keys of its stored features. */
    public record CaseResult(String caseId, List<Problem> problems, List<String> featureKeys) {}

    /**
     * @param site the site
     * @param version the drop version (features go under {@code SITE/VERSION/})
     * @param files the case's files
     * @param descriptor the drop's dataset.json
     */
    public CaseResult process(
            String site, String version, CaseFiles files, DatasetDescriptor descriptor) {
        return run(site, version, files, descriptor, true);
    }

    /** Checks the case's volumes without fingerprinting them (a drop that is rejected anyway). */
    public CaseResult check(CaseFiles files, DatasetDescriptor descriptor) {
        return run(null, null, files, descriptor, false);
    }

    private CaseResult run(
            String site,
            String version,
            CaseFiles files,
            DatasetDescriptor descriptor,
            boolean fingerprint) {
        List<LandingFile> volumes = new ArrayList<>(files.channels().values());
        if (!files.isUnlabelled()) {
            volumes.add(files.label());
        }
        long need = volumes.stream().mapToLong(this::declaredBytes).sum();
        try (MemoryBudget.Lease lease = budget.reserve(need)) {
            return run(site, version, files, descriptor, fingerprint, volumes);
        } catch (MemoryBudget.TooLarge e) {
            String key = volumes.get(0).key();
            return new CaseResult(
                    files.caseId(),
                    List.of(new Problem(key, Reasons.TOO_LARGE, e.getMessage())),
                    List.of());
        }
    }

    /**
     * What a volume will hold once decoded and converted to floats, from its header alone (one
     * short read); 0 when the header cannot be read: the full read gives the verdict on it.
     */
    private long declaredBytes(LandingFile file) {
        try (InputStream in = store.open(landingBucket, file.key(), file.etag())) {
            NiftiHeader header = reader.peekHeader(in);
            return header.voxelCount() * (header.datatype().bytes() + Float.BYTES);
        } catch (NiftiException | ObjectStoreException | IOException e) {
            return 0;
        }
    }

    private CaseResult run(
            String site,
            String version,
            CaseFiles files,
            DatasetDescriptor descriptor,
            boolean fingerprint,
            List<LandingFile> volumes) {
        List<Problem> problems = new ArrayList<>();
        List<NiftiImage> read = readAll(volumes, problems);
        List<NiftiImage> channels = read.subList(0, files.channels().size());
        NiftiImage label = files.isUnlabelled() ? null : read.get(read.size() - 1);
        if (!problems.isEmpty()) {
            return new CaseResult(files.caseId(), problems, List.of());
        }
        times.time(Stage.CHECK, () -> checks.check(files, channels, label, descriptor, problems));
        if (!problems.isEmpty() || files.heldOut() || !fingerprint) {
            return new CaseResult(files.caseId(), problems, List.of());
        }
        return new CaseResult(
                files.caseId(),
                List.of(),
                storeFeatures(site, version, files, descriptor, channels, label));
    }

    /** Encodes here, PUTs on the I/O pool: the next volume is fingerprinted meanwhile. */
    private Future<?> put(String key, Supplier<byte[]> encoding) {
        byte[] bytes = times.time(Stage.ENCODE, encoding);
        return io.submit(
                () ->
                        times.time(
                                Stage.STORE,
                                () ->
                                        store.put(
                                                featuresBucket,
                                                key,
                                                bytes,
                                                "application/octet-stream")));
    }

    /** GETs and decodes a case's volumes at once on the I/O pool; problems in file order. */
    private List<NiftiImage> readAll(List<LandingFile> volumes, List<Problem> problems) {
        List<Future<Read>> reads = new ArrayList<>();
        for (LandingFile file : volumes) {
            reads.add(io.submit(() -> times.time(Stage.READ, () -> readVolume(file))));
        }
        List<NiftiImage> images = new ArrayList<>();
        for (Future<Read> read : reads) {
            Read done = await(read);
            images.add(done.image());
            if (done.problem() != null) {
                problems.add(done.problem());
            }
        }
        return images;
    }

    private record Read(NiftiImage image, Problem problem) {}

    /** The task's result; its own unchecked exception (a store failure) as itself. */
    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading or storing a case", e);
        }
    }

    private List<String> storeFeatures(
            String site,
            String version,
            CaseFiles files,
            DatasetDescriptor descriptor,
            List<NiftiImage> channels,
            NiftiImage label) {
        List<String> keys = new ArrayList<>();
        List<Future<?>> puts = new ArrayList<>();
        int[] box = Fingerprinter.boundingBox(channels);
        int c = 0;
        for (LandingFile file : files.channels().values()) {
            ImageFeature feature =
                    fingerprinter.image(file.key(), file.etag(), channels.get(c++), box);
            String modality =
                    TaskNames.modality(
                                    descriptor.channelNames().get(String.valueOf(file.channel())))
                            .orElseThrow();
            String key = ObjectKeys.imageFeature(site, version, modality, files.caseId());
            puts.add(put(key, () -> FeatureCodec.encode(feature)));
            keys.add(key);
        }
        for (Map.Entry<String, LabelValues> objective : descriptor.foregroundLabels().entrySet()) {
            LabelFeature feature =
                    fingerprinter.label(
                            files.label().key(), files.label().etag(), label, objective.getValue());
            String name = TaskNames.objective(objective.getKey()).orElseThrow();
            String key = ObjectKeys.labelFeature(site, version, name, files.caseId());
            puts.add(put(key, () -> FeatureCodec.encode(feature)));
            keys.add(key);
        }
        // durable before the case counts as done: the drop is registered only after this
        puts.forEach(CaseProcessor::await);
        return keys;
    }

    /**
     * A volume, or the verdict on it: only a definite answer is a verdict (the object is gone, the
     * file is not valid NIfTI); a store that cannot answer or a stream cut off is an outage.
     */
    private Read readVolume(LandingFile file) {
        // read as listed: the ETag the drop's version and the task's pin are made of
        try (InputStream in = store.open(landingBucket, file.key(), file.etag())) {
            return new Read(reader.read(in), null);
        } catch (NiftiException e) {
            if (e.reason() == NiftiError.IO) {
                throw unavailable(file, e);
            }
            return new Read(null, new Problem(file.key(), e.reason().name(), e.getMessage()));
        } catch (ObjectStoreException e) {
            if (e.isChanged()) {
                // replaced while it was validated: the listing is stale, the drop is inspected
                // again from a new listing (a retry), never registered with unchecked content
                throw new StorageUnavailableException(
                        file.key() + " changed while the drop was validated; inspecting again", e);
            }
            if (!e.isNotFound()) {
                throw unavailable(file, e);
            }
            return new Read(
                    null,
                    new Problem(
                            file.key(),
                            Reasons.UNREADABLE,
                            "cannot read the object: " + e.getMessage()));
        } catch (IOException e) {
            throw unavailable(file, e);
        }
    }

    private static StorageUnavailableException unavailable(LandingFile file, Exception e) {
        return new StorageUnavailableException(
                "the object store could not deliver " + file.key() + ": " + e.getMessage(), e);
    }
}
