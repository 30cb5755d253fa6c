package io.ostflow.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the demo's pipeline stands, from one snapshot of the planner's API: tasks, edges, clusters,
 * plans, and the jobs of the current plan versions (a replan supersedes older jobs).
 *
 * @param expectedTasks tasks the uploaded sites make
 * @param expectedPlans targets among them, one plan each
 * @param jobsPerPlan jobs each plan enqueues (3 with the baselines)
 */
record DemoProgress(
        int tasks,
        int expectedTasks,
        int edges,
        int clusters,
        int plans,
        int expectedPlans,
        int jobsPerPlan,
        List<JsonNode> currentJobs,
        int done,
        int failed,
        double running) {

    static DemoProgress of(
            JsonNode tasks,
            JsonNode edges,
            JsonNode graph,
            JsonNode plans,
            JsonNode jobs,
            int expectedTasks,
            int expectedPlans,
            int jobsPerPlan) {
        Map<String, Long> latest = new TreeMap<>();
        plans.forEach(p -> latest.put(p.get("target").asText(), p.get("version").asLong()));
        List<JsonNode> current = new ArrayList<>();
        jobs.forEach(
                j -> {
                    Long version = latest.get(j.get("target").asText());
                    // scoring jobs (transferability ranking) decide a plan; they train no model
                    boolean scoring = "score".equals(j.path("kind").asText());
                    if (version != null && version == j.get("planVersion").asLong() && !scoring) {
                        current.add(j);
                    }
                });
        int done = 0;
        int failed = 0;
        double running = 0;
        for (JsonNode job : current) {
            String state = job.get("state").asText();
            done += state.equals("completed") ? 1 : 0;
            failed += state.equals("failed") ? 1 : 0;
            running += state.equals("running") ? job.get("progress").asDouble() : 0;
        }
        JsonNode clusters = graph.get("clusters");
        return new DemoProgress(
                tasks.size(),
                expectedTasks,
                edges.size(),
                clusters == null ? 0 : clusters.size(),
                plans.size(),
                expectedPlans,
                jobsPerPlan,
                List.copyOf(current),
                done,
                failed,
                running);
    }

    int expectedJobs() {
        return expectedPlans * jobsPerPlan;
    }

    /** Every task arrived and every job of every current plan finished. */
    boolean finished() {
        return tasks >= expectedTasks
                && plans >= expectedPlans
                && currentJobs.size() >= expectedJobs()
                && done + failed == currentJobs.size();
    }

    /** One status line, e.g. {@code tasks 60/60 · edges 1770 · ... [####......]}. */
    String line() {
        return String.format(
                "tasks %d/%d · edges %d · clusters %d · plans %d/%d · jobs of current plans %d/%d done%s %s",
                tasks,
                expectedTasks,
                edges,
                clusters,
                plans,
                expectedPlans,
                done + failed,
                expectedJobs(),
                failed > 0 ? " (" + failed + " failed)" : "",
                bar((done + failed + running) / Math.max(1, expectedJobs())));
    }

    static String bar(double fraction) {
        int filled = (int) Math.round(20 * Math.max(0, Math.min(1, fraction)));
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "]";
    }
}
