package io.ostflow.planner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every setting of the planner (docs/configuration.md has the table). */
@ConfigMapping(prefix = "ostflow.planner")
public interface PlannerConfig {

    /** Clustering. */
    Clusters clusters();

    /** Edge betweenness for Girvan-Newman: weighted (shortest paths by w) or unweighted (hops). */
    @WithDefault("weighted")
    String betweenness();

    /** Representative rule: largest (most labelled cases) or centroid (the authors' script). */
    @WithDefault("largest")
    String representative();

    /** Scalability: cluster a sparsified graph (each task keeps its k cheapest edges); 0 = off. */
    Sparsify sparsify();

    /** OST paths. */
    Path path();

    /**
     * affinity: the plan's path is the least-cost one (the paper's); transferability: the OST path
     * and its alternatives, and as many least-cost sources, are scored (LEEP on the target) by
     * scoring jobs, and the best-scored path and source are planned (docs/planner.md, Ranking).
     */
    @WithDefault("affinity")
    String ranking();

    /**
     * The score the transferability ranking orders by: leep, balanced-leep or eep-dice (each
     * measured by every scoring job; docs/algorithm.md, Transferability scores).
     */
    @WithDefault("leep")
    String transferabilityScore();

    /**
     * Under the transferability ranking, whether a shortlisted single source whose score is higher
     * than every shortlisted path's becomes the plan, a one-hop path (docs/planner.md, Ranking).
     */
    @WithDefault("true")
    boolean singleSourcePlans();

    /** Training jobs. */
    Training training();

    /** Calibration of alpha and beta from finished jobs. */
    Calibration calibration();

    /** Defaults of an audit request (POST /api/audits, ostflow audit). */
    Audit audit();

    /** Quiet period before a burst of updates is planned on, once. */
    @WithDefault("500ms")
    Duration debounce();

    /** Longest a replan waits for a burst to end. */
    @WithDefault("5s")
    Duration maxDelay();

    /**
     * token: every route but health needs the viewer or the operator token (default); oidc: every
     * route but health needs an access token of the OpenID Connect provider in quarkus.oidc.* (also
     * set quarkus.oidc.tenant-enabled=true) with the role viewer or operator; none: reads are open
     * to whoever reaches the planner, mutations still need the operator token.
     */
    @WithDefault("token")
    AuthMode auth();

    /** The operator's token: reads, and the mutating endpoints (without it they answer 403). */
    Optional<String> apiToken();

    /** The viewer's token: reads the API, the dashboard, OpenAPI and metrics, changes nothing. */
    Optional<String> readToken();

    interface Clusters {
        /** K: "auto" (modularity maximum of the dendrogram) or a fixed number. */
        @WithDefault("auto")
        String k();
    }

    interface Sparsify {
        /** k of the k-nearest-neighbour sparsification before Girvan-Newman; 0 keeps every edge. */
        @WithDefault("0")
        int k();
    }

    interface Path {
        /** l: transfer steps into the target (2: representative, intermediate, target). */
        @WithDefault("2")
        int length();

        /** Next-best paths reported with each plan. */
        @WithDefault("3")
        int alternatives();
    }

    interface Calibration {
        /** Finished sequential jobs needed before the weights are calibrated (automatically). */
        @WithDefault("6")
        int minResults();

        /** Objective evaluations of the Bayesian optimisation (the authors use 50). */
        @WithDefault("50")
        int evaluations();

        /** Seed of the optimisation. */
        @WithDefault("42")
        long seed();
    }

    interface Audit {
        /** Training seeds per candidate: seed k is the training seed + k. */
        @WithDefault("3")
        int seeds();

        /** The most direct sources and sequential paths per target, cheapest first; 0: all. */
        @WithDefault("0")
        int gridLimit();

        /** Seeded draws of each random baseline (a source; a path). */
        @WithDefault("10")
        int randomDraws();
    }

    interface Training {
        /** Enqueue the direct and scratch baselines beside the sequential job. */
        @WithDefault("true")
        boolean baselines();

        /** Cases of the representative's pre-training. */
        @WithDefault("60")
        int pretrainCases();

        /** Cases of each fine-tuning step (the target's included). */
        @WithDefault("3")
        int finetuneCases();

        /** Cases of the direct baseline's pre-training. */
        @WithDefault("63")
        int directCases();

        /** Seed shared by the jobs of one target. */
        @WithDefault("42")
        long seed();
    }
}
