package io.ostflow.trainer.service;

import io.ostflow.common.events.TaskRegistered;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The registered tasks, replayed from the tasks topic: what a job's stages refer to. */
@ApplicationScoped
public class TaskDirectory {
    private final Map<String, TaskRegistered> tasks = new ConcurrentHashMap<>();

    public void put(TaskRegistered task) {
        synchronized (tasks) {
            tasks.put(task.task().toString(), task);
            tasks.notifyAll();
        }
    }

    public Optional<TaskRegistered> get(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    /**
     * Waits up to {@code timeout} for a task to be known (the tasks topic may still be replaying).
     */
    public Optional<TaskRegistered> await(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (tasks) {
            while (!tasks.containsKey(id)) {
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
            return Optional.of(tasks.get(id));
        }
    }
}
