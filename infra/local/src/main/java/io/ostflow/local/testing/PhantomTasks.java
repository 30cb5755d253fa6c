package io.ostflow.local.testing;

import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.upload.DropUploader;
import io.ostflow.phantom.PhantomGenerator;
import io.ostflow.phantom.PhantomSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Phantom sites uploaded to a stack's S3 server, and the FLAIR-ED task the ingest-worker would
 * register for each: for tests of the trainer that need data but not the ingest.
 */
public final class PhantomTasks {
    /** Training cases of a source site. */
    public static final int SOURCE_CASES = 4;

    /** Training cases of a target site; it has two held-out cases besides. */
    public static final int TARGET_CASES = 3;

    private PhantomTasks() {}

    /**
     * Generates a site of {@code shape} from {@code seed}, uploads it as {@code site} and returns
     * its FLAIR-ED task as registered.
     */
    public static TaskRegistered register(
            LocalStack stack, Path dir, String site, Role role, long seed, int[] shape) {
        PhantomSpec spec =
                role == Role.SOURCE
                        ? new PhantomSpec(1, 0, SOURCE_CASES, 1, 0, shape, seed)
                        : new PhantomSpec(0, 1, 1, TARGET_CASES, 2, shape, seed);
        Path folder = new PhantomGenerator(spec).writeAll(dir).get(0);
        var e = stack.endpoints();
        try (DropUploader uploader =
                new DropUploader(
                        stack.objectStore(), e.kafka(), e.landingBucket(), Clock.systemUTC())) {
            uploader.upload(folder, site, role, line -> {});
        }
        int training = role == Role.SOURCE ? SOURCE_CASES : TARGET_CASES;
        List<String> cases = new ArrayList<>();
        for (int k = 0; k < training; k++) {
            cases.add(PhantomGenerator.caseId(k));
        }
        List<String> heldOut =
                role == Role.SOURCE
                        ? List.of()
                        : List.of(
                                PhantomGenerator.caseId(TARGET_CASES),
                                PhantomGenerator.caseId(TARGET_CASES + 1));
        return new TaskRegistered(
                new TaskId(site, "FLAIR", "ED"),
                role,
                training,
                "v",
                2,
                cases,
                heldOut,
                List.of(),
                List.of());
    }
}
