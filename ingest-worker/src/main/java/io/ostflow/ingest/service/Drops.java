package io.ostflow.ingest.service;

import io.ostflow.common.events.Problem;
import io.ostflow.common.storage.StorageUnavailableException;
import io.ostflow.ingest.domain.CaseFiles;
import io.ostflow.ingest.domain.DropStructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Helpers of {@link DropProcessor}: its case fan-out, log summaries and waits. */
final class Drops {
    private Drops() {}

    static String summary(List<Problem> problems) {
        String first =
                problems.isEmpty()
                        ? ""
                        : problems.get(0).reason()
                                + " "
                                + problems.get(0).key()
                                + ": "
                                + problems.get(0).message();
        return problems.size() + " problem(s), first: " + first;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a drop to complete", e);
        }
    }

    /** Runs {@code work} on every case of the drop on the worker pool, results in case order. */
    static List<CaseProcessor.CaseResult> forEachCase(
            ExecutorService workers,
            DropStructure structure,
            Function<CaseFiles, CaseProcessor.CaseResult> work) {
        List<Future<CaseProcessor.CaseResult>> futures = new ArrayList<>();
        for (CaseFiles files : structure.allCases()) {
            futures.add(workers.submit(() -> work.apply(files)));
        }
        List<CaseProcessor.CaseResult> results = new ArrayList<>();
        for (Future<CaseProcessor.CaseResult> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof StorageUnavailableException outage) {
                    throw outage;
                }
                throw new IllegalStateException(
                        "fingerprinting failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while fingerprinting", e);
            }
        }
        return results;
    }
}
