package io.ostflow.ingest.service;

import io.ostflow.common.events.DatasetReceived;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.events.DatasetRejected;
import io.ostflow.common.events.Problem;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.common.storage.ObjectStore.StoredObject;
import io.ostflow.ingest.domain.DropInspector;
import io.ostflow.ingest.domain.DropStructure;
import io.ostflow.ingest.domain.ProblemCap;
import io.ostflow.ingest.domain.TaskSplit;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Turns the current content of one site folder into registered tasks, or into one {@code
 * DatasetRejected} with every problem. All-or-nothing, idempotent per drop version, and safe to
 * call from the notification listener and the reconciler at the same time (one lock per site).
 */
public final class DropProcessor {
    private static final Logger LOG = Logger.getLogger(DropProcessor.class.getName());

    /** What a call did. */
    public enum Outcome {
        NO_DESCRIPTOR,
        ALREADY_DONE,
        REGISTERED,
        REJECTED,
        /** The site was withdrawn, or stays withdrawn ({@link SiteChangeHandler}). */
        WITHDRAWN
    }

    private final ObjectStore store;
    private final String landingBucket;
    private final DropInspector inspector;
    private final CaseProcessor cases;
    private final ProblemCap cap;
    private final RegistrationLedger ledger;
    private final IngestEvents events;
    private final ExecutorService workers;
    private final int completionRetries;
    private final Duration completionDelay;
    private final Clock clock;
    private final Map<String, ReentrantLock> siteLocks = new ConcurrentHashMap<>();
    private final ImportProvenance provenance;
    private final CrashCounter crashes;

    public DropProcessor(
            ObjectStore store,
            String landingBucket,
            DropInspector inspector,
            CaseProcessor cases,
            ProblemCap cap,
            RegistrationLedger ledger,
            IngestEvents events,
            ExecutorService workers,
            int completionRetries,
            Duration completionDelay,
            Clock clock,
            CrashCounter crashes) {
        this.store = store;
        this.landingBucket = landingBucket;
        this.inspector = inspector;
        this.cases = cases;
        this.cap = cap;
        this.ledger = ledger;
        this.events = events;
        this.workers = workers;
        this.completionRetries = completionRetries;
        this.completionDelay = completionDelay;
        this.clock = clock;
        this.provenance = new ImportProvenance(store, landingBucket);
        this.crashes = crashes;
    }

    /** Processes the drop now in {@code site/}; waits (bounded) for missing files first. */
    public Outcome process(String site) {
        ReentrantLock lock = lockOf(site);
        lock.lock();
        try {
            return processLocked(site);
        } finally {
            lock.unlock();
        }
    }

    /** The lock every decision about {@code site} holds (reentrant). */
    public ReentrantLock lockOf(String site) {
        return siteLocks.computeIfAbsent(site, s -> new ReentrantLock());
    }

    /**
     * Whether the site's folder holds a descriptor and its current version has no decision yet
     * (reads the listing and the descriptor, no volume).
     */
    public boolean isUndecided(String site) {
        return current(site)
                .map(structure -> ledger.state(site, structure.version()).isEmpty())
                .orElse(false);
    }

    /** The drop now in {@code site/}, if the site has a descriptor. */
    private Optional<DropStructure> current(String site) {
        List<StoredObject> objects = store.list(landingBucket, site + "/");
        return objects.stream()
                .filter(o -> o.key().equals(ObjectKeys.datasetJson(site)))
                .findFirst()
                .map(d -> inspector.inspect(site, objects, key -> store.get(landingBucket, key)));
    }

    /** Rejects a drop whose notification or keys were unusable before any listing. */
    public DatasetRejected reject(String site, String version, List<Problem> problems) {
        return reject(site, version, problems, List.of());
    }

    private DatasetRejected reject(
            String site, String version, List<Problem> problems, List<Problem> warnings) {
        DatasetRejected rejected =
                new DatasetRejected(
                        site,
                        version,
                        cap.apply(problems, ObjectKeys.datasetJson(site)),
                        warnings,
                        clock.instant());
        events.datasetRejected(rejected);
        LOG.warning(
                () ->
                        "rejected drop of site "
                                + site
                                + " ("
                                + version
                                + "): "
                                + Drops.summary(problems));
        return rejected;
    }

    private Outcome processLocked(String site) {
        for (int attempt = 0; ; attempt++) {
            Optional<DropStructure> current = current(site);
            if (current.isEmpty()) {
                return Outcome.NO_DESCRIPTOR;
            }
            DropStructure structure = current.get();
            if (ledger.state(site, structure.version()).isPresent()) {
                return Outcome.ALREADY_DONE;
            }
            if (!structure.invalid().isEmpty()) {
                return rejectWithEveryProblem(structure);
            }
            if (attempt == 0) {
                announce(structure);
            }
            if (structure.incomplete().isEmpty()) {
                return registerUnlessItKeepsCrashing(structure);
            }
            if (attempt >= completionRetries) {
                return rejectWithEveryProblem(structure);
            }
            LOG.info(
                    () ->
                            "drop of site "
                                    + site
                                    + " is incomplete ("
                                    + Drops.summary(structure.incomplete())
                                    + "); waiting "
                                    + completionDelay.toMillis()
                                    + " ms");
            Drops.sleep(completionDelay);
        }
    }

    /** Tells watchers the drop is pending while it is checked and fingerprinted (minutes). */
    private void announce(DropStructure structure) {
        events.datasetReceived(
                new DatasetReceived(
                        structure.site(),
                        structure.version(),
                        structure.role(),
                        structure.training().size(),
                        structure.heldOut().size(),
                        clock.instant()));
    }

    /**
     * Rejects a drop with structural problems after checking the volumes of its complete cases as
     * well (without fingerprinting them), so that one round of fixes is enough.
     */
    private Outcome rejectWithEveryProblem(DropStructure structure) {
        List<Problem> problems = new ArrayList<>(structure.allProblems());
        if (structure.descriptor() != null) {
            Drops.forEachCase(
                            workers, structure, files -> cases.check(files, structure.descriptor()))
                    .forEach(r -> problems.addAll(r.problems()));
        }
        return rejectAndRemember(structure, problems);
    }

    /**
     * Registers, counting the start first: a version whose earlier starts never ended (the worker
     * was killed) {@code max-crashes} times is rejected instead of being tried again.
     */
    private Outcome registerUnlessItKeepsCrashing(DropStructure structure) {
        String site = structure.site();
        String version = structure.version();
        try {
            int crashed = crashes.started(site, version);
            if (crashed >= crashes.limit()) {
                return rejectAndRemember(structure, List.of(crashes.problem(site, crashed)));
            }
            return register(structure);
        } finally {
            crashes.ended(site, version);
        }
    }

    private Outcome register(DropStructure structure) {
        String site = structure.site();
        String version = structure.version();
        List<CaseProcessor.CaseResult> results =
                Drops.forEachCase(
                        workers,
                        structure,
                        files -> cases.process(site, version, files, structure.descriptor()));
        List<Problem> problems = results.stream().flatMap(r -> r.problems().stream()).toList();
        if (!problems.isEmpty()) {
            ledger.discardFeatures(site, version);
            return rejectAndRemember(structure, problems);
        }
        List<TaskRegistered> tasks = TaskSplit.of(structure);
        events.tasksRegistered(tasks);
        // a modality or objective this version dropped is retired, or it would stay for good
        events.tasksWithdrawn(
                ledger.tasksDropped(
                        site, version, tasks.stream().map(t -> t.task().toString()).toList()));
        DatasetRegistered registered =
                new DatasetRegistered(
                                site,
                                version,
                                structure.role(),
                                structure.training().size(),
                                structure.heldOut().size(),
                                structure.unlabelled().size(),
                                tasks.stream().map(TaskRegistered::task).sorted().toList(),
                                cap.apply(structure.warnings(), ObjectKeys.datasetJson(site)),
                                clock.instant())
                        .withImported(provenance.of(structure));
        events.datasetRegistered(registered);
        ledger.mark(site, version, RegistrationLedger.State.REGISTERED, registered);
        LOG.info(
                () ->
                        "registered drop of site "
                                + site
                                + " ("
                                + version
                                + "): "
                                + tasks.size()
                                + " tasks, "
                                + structure.training().size()
                                + " cases");
        return Outcome.REGISTERED;
    }

    private Outcome rejectAndRemember(DropStructure structure, List<Problem> problems) {
        String site = structure.site();
        String version = structure.version();
        ledger.mark(
                site,
                version,
                RegistrationLedger.State.REJECTED,
                reject(
                        site,
                        version,
                        problems,
                        cap.apply(structure.warnings(), ObjectKeys.datasetJson(site))));
        return Outcome.REJECTED;
    }
}
