package io.ostflow.planner.ledger;

import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;

/**
 * A trained model as the planner knows it: the job that was enqueued and the trainer's result.
 *
 * @param job the job
 * @param result its {@code TrainingCompleted}
 */
public record TrainedModel(TrainingJob job, TrainingCompleted result) {}
