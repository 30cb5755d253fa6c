package io.ostflow.planner.evaluation.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A ranking's choice on one grid, per seed ({@link RankingAudit}).
 *
 * @param keys the chosen candidate per seed, null where none
 * @param dice its held-out Dice per seed, NaN where none
 */
record RankingChoice(String[] keys, double[] dice) {
    /** The candidate chosen most often; of equally frequent ones, the first chosen. */
    String modal() {
        Map<String, Integer> times = new LinkedHashMap<>();
        for (String key : keys) {
            if (key != null) {
                times.merge(key, 1, Integer::sum);
            }
        }
        String modal = null;
        int most = 0;
        for (Map.Entry<String, Integer> e : times.entrySet()) {
            if (e.getValue() > most) {
                modal = e.getKey();
                most = e.getValue();
            }
        }
        return modal;
    }
}
