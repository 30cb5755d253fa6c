package io.ostflow.trainer.service;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.TrainingJob;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest plan version of every target this trainer has seen on {@code ostflow.plans}, so that a
 * plan's job whose plan was replaced before the job ran is skipped instead of trained for nobody
 * (docs/trainer.md, Jobs). Only a strictly newer known version skips a job: a trainer that has not
 * yet read a plan trains the job. Audits' jobs and scoring jobs always run (a score is of a
 * candidate, not of a plan version: the re-plan it feeds needs it). Thread-safe.
 */
@ApplicationScoped
public class PlanVersions {
    private final Map<String, Long> latest = new ConcurrentHashMap<>();

    /** Remembers a published plan; an older version arriving late changes nothing. */
    public void seen(Plan plan) {
        latest.merge(plan.target(), plan.version(), Math::max);
    }

    /** The newest version seen of a target's plan. */
    public Optional<Long> latest(String target) {
        return Optional.ofNullable(latest.get(target));
    }

    /**
     * The newer plan version that replaced this plan's job, if any; never for an audit's job nor a
     * scoring job.
     */
    public Optional<Long> supersededBy(TrainingJob job) {
        if (job.audited() || job.kind() == JobKind.SCORE) {
            return Optional.empty();
        }
        return latest(job.target()).filter(v -> v > job.planVersion());
    }
}
