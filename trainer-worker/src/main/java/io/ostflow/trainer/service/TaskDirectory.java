package io.ostflow.trainer.service;

import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingJob;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The registered tasks, replayed from the tasks topic: what a job's stages refer to, and which were
 * withdrawn (a tombstone: the task's site took its data back).
 */
@ApplicationScoped
public class TaskDirectory {
    private final Map<String, TaskRegistered> tasks = new ConcurrentHashMap<>();
    private final Set<String> withdrawn = ConcurrentHashMap.newKeySet();

    public void put(TaskRegistered task) {
        synchronized (tasks) {
            tasks.put(task.task().toString(), task);
            withdrawn.remove(task.task().toString());
            tasks.notifyAll();
        }
    }

    /** A tombstone: the task is gone until its site registers it again. */
    public void withdraw(String id) {
        synchronized (tasks) {
            tasks.remove(id);
            withdrawn.add(id);
            tasks.notifyAll();
        }
    }

    /** Whether the task's site withdrew it (and has not registered it again). */
    public boolean isWithdrawn(String id) {
        return withdrawn.contains(id);
    }

    public Optional<TaskRegistered> get(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    /** The first task of a job (a stage's, or one trained jointly) that was withdrawn, if any. */
    public Optional<String> withdrawnOf(TrainingJob job) {
        return job.stages().stream()
                .flatMap(
                        s ->
                                Stream.concat(
                                        Stream.of(s.task()), s.joint().stream().map(j -> j.task())))
                .filter(withdrawn::contains)
                .findFirst();
    }

    /**
     * Waits up to {@code timeout} for a task to be known (the tasks topic may still be replaying);
     * a withdrawn task is not waited for.
     */
    public Optional<TaskRegistered> await(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (tasks) {
            while (!tasks.containsKey(id) && !withdrawn.contains(id)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                try {
                    tasks.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
            return Optional.ofNullable(tasks.get(id));
        }
    }
}
