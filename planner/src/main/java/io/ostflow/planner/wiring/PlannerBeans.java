package io.ostflow.planner.wiring;

import io.ostflow.common.events.PlanRanking;
import io.ostflow.common.events.TransferabilityScore;
import io.ostflow.planner.config.PlannerConfig;
import io.ostflow.planner.graph.Representatives;
import io.ostflow.planner.ledger.DatasetLedger;
import io.ostflow.planner.ledger.PredictionBook;
import io.ostflow.planner.planning.PlannerSettings;
import io.ostflow.planner.planning.PlanningEngine;
import io.ostflow.planner.planning.WeightsState;
import io.ostflow.planner.web.ApiAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Locale;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Wires the framework-free planning engine from the configuration, validating it. */
@ApplicationScoped
public class PlannerBeans {

    @Produces
    @ApplicationScoped
    PlanningEngine engine(PlannerConfig config) {
        return new PlanningEngine(settings(config), Clock.systemUTC());
    }

    /** Who may read and who may change (a final class: one instance, no client proxy). */
    @Produces
    @Singleton
    ApiAccess access(PlannerConfig config) {
        Config all = ConfigProvider.getConfig();
        ApiAccess.checkProvider(
                config.auth(),
                all.getOptionalValue("quarkus.oidc.tenant-enabled", Boolean.class).orElse(true),
                all.getOptionalValue("quarkus.oidc.auth-server-url", String.class).isPresent()
                        || all.getOptionalValue("quarkus.oidc.public-key", String.class)
                                .isPresent(),
                all.getOptionalValue("quarkus.oidc.token.audience", String.class).isPresent());
        return new ApiAccess(config.auth(), config.readToken(), config.apiToken());
    }

    @Produces
    @ApplicationScoped
    DatasetLedger datasets() {
        return new DatasetLedger();
    }

    @Produces
    @ApplicationScoped
    PredictionBook predictions() {
        return new PredictionBook();
    }

    @Produces
    @ApplicationScoped
    WeightsState weights() {
        return new WeightsState();
    }

    static PlannerSettings settings(PlannerConfig config) {
        String betweenness = config.betweenness().toLowerCase(Locale.ROOT);
        if (!betweenness.equals("weighted") && !betweenness.equals("unweighted")) {
            throw new IllegalArgumentException(
                    "ostflow.planner.betweenness must be weighted or unweighted, was "
                            + config.betweenness());
        }
        Representatives.Rule rule =
                switch (config.representative().toLowerCase(Locale.ROOT)) {
                    case "largest" -> Representatives.Rule.LARGEST;
                    case "centroid" -> Representatives.Rule.CENTROID;
                    default ->
                            throw new IllegalArgumentException(
                                    "ostflow.planner.representative must be largest or centroid, was "
                                            + config.representative());
                };
        var training = config.training();
        return new PlannerSettings(
                betweenness.equals("weighted"),
                clusters(config.clusters().k()),
                rule,
                config.path().length(),
                config.path().alternatives(),
                training.baselines(),
                training.pretrainCases(),
                training.finetuneCases(),
                training.directCases(),
                training.seed(),
                config.sparsify().k(),
                ranking(config.ranking()),
                transferabilityScore(config.transferabilityScore()),
                config.singleSourcePlans());
    }

    static TransferabilityScore transferabilityScore(String score) {
        try {
            return TransferabilityScore.fromWire(score.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "ostflow.planner.transferability-score must be leep, balanced-leep or eep-dice,"
                            + " was "
                            + score,
                    e);
        }
    }

    static PlanRanking ranking(String ranking) {
        try {
            return PlanRanking.fromWire(ranking.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "ostflow.planner.ranking must be affinity or transferability, was " + ranking,
                    e);
        }
    }

    static OptionalInt clusters(String k) {
        if (k.equalsIgnoreCase("auto")) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(k.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "ostflow.planner.clusters.k must be auto or a number, was " + k);
        }
    }
}
