package io.ostflow.trainer.config;

/** Channel names of the trainer-worker; the topics they map to are in application.properties. */
public final class Channels {
    /** Incoming {@code TrainingJob} ({@code ostflow.jobs}), consumer group ostflow-trainer. */
    public static final String JOBS = "jobs";

    /** Incoming {@code TaskRegistered} ({@code ostflow.tasks}), replayed at each start. */
    public static final String TASKS = "tasks";

    /** Incoming {@code Plan} ({@code ostflow.plans}), replayed at each start. */
    public static final String PLANS = "plans";

    /** Outgoing {@code TrainingProgress}. */
    public static final String PROGRESS = "training-progress";

    /** Outgoing {@code TrainingCompleted} and {@code TrainingFailed}. */
    public static final String RESULTS = "training-results";

    /** Outgoing: {@code PredictionsWritten}. */
    public static final String PREDICTIONS = "predictions";

    private Channels() {}
}
