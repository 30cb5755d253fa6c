package io.ostflow.planner.web;

import static io.ostflow.planner.web.ApiErrors.error;
import static io.ostflow.planner.web.ApiErrors.requireTaskId;

import io.ostflow.planner.graph.Clustering;
import io.ostflow.planner.planning.PlanningEngine;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The task graph: tasks, affinity edges, clusters and representatives. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class GraphResource {

    @Inject PlanningEngine engine;

    @GET
    @Path("/tasks")
    @Operation(summary = "Every registered task, sources and targets")
    public List<Views.TaskView> tasks() {
        return engine.tasks().stream().map(Views.TaskView::of).toList();
    }

    @GET
    @Path("/edges")
    @Operation(summary = "Affinity edges, optionally of one task")
    public List<Views.EdgeView> edges(@QueryParam("task") String task) {
        if (task == null) {
            return engine.edges().stream().map(Views.EdgeView::of).toList();
        }
        requireKnownTask(task);
        return engine.edges().stream()
                .filter(e -> e.a().equals(task) || e.b().equals(task))
                .map(Views.EdgeView::of)
                .toList();
    }

    @GET
    @Path("/graph")
    @Operation(summary = "Nodes, connected edges and clusters of the current graph version")
    public Views.GraphView graph() {
        Clustering clustering = engine.clustering();
        List<String> representatives = engine.representatives();
        List<Views.NodeView> nodes = new ArrayList<>();
        engine.tasks()
                .forEach(
                        t -> {
                            String id = t.task().toString();
                            int cluster = clustering.clusterOf(id);
                            nodes.add(
                                    new Views.NodeView(
                                            id,
                                            t.role().wireName(),
                                            t.samples(),
                                            cluster < 0 ? null : cluster,
                                            representatives.contains(id)));
                        });
        List<Views.ClusterView> clusters = new ArrayList<>();
        for (int c = 0; c < clustering.clusters().size(); c++) {
            clusters.add(
                    new Views.ClusterView(c, clustering.clusters().get(c), representatives.get(c)));
        }
        List<Views.EdgeView> edges =
                engine.edges().stream().filter(e -> e.connected()).map(Views.EdgeView::of).toList();
        return new Views.GraphView(
                engine.graphVersion(), clustering.modularity(), nodes, edges, clusters);
    }

    private void requireKnownTask(String task) {
        requireTaskId(task);
        if (engine.task(task).isEmpty()) {
            throw error(404, "UNKNOWN_TASK", "no task " + task);
        }
    }
}
