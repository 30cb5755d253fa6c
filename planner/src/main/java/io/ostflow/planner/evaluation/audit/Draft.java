package io.ostflow.planner.evaluation.audit;

import io.ostflow.common.events.JobKind;
import java.util.List;

/** An audit candidate before its jobs: what is trained, from which sources, at which cost. */
record Draft(String key, JobKind kind, List<String> sources, Double cost) {
    static Draft scratch() {
        return new Draft("scratch", JobKind.SCRATCH, List.of(), null);
    }

    static Draft direct(String source, double cost) {
        return new Draft("direct:" + source, JobKind.DIRECT, List.of(source), cost);
    }

    static Draft multitask(List<String> path, double cost) {
        return new Draft(
                "multitask:" + String.join(">", path), JobKind.MULTITASK, List.copyOf(path), cost);
    }

    static Draft sequential(List<String> path, double cost) {
        return new Draft(
                "sequential:" + String.join(">", path),
                JobKind.SEQUENTIAL,
                List.copyOf(path),
                cost);
    }
}
