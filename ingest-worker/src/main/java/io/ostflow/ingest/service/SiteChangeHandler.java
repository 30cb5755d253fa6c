package io.ostflow.ingest.service;

import io.ostflow.common.events.DatasetWithdrawn;
import io.ostflow.common.events.SiteChanged;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decides what a change of a site means, under the site's lock: a withdrawal request withdraws it;
 * a withdrawn site stays withdrawn until its descriptor is written again; a site whose descriptor
 * is gone is withdrawn when it had a registered version; anything else is a drop to decide ({@link
 * DropProcessor}).
 */
public final class SiteChangeHandler {
    private final DropProcessor drops;
    private final SiteWithdrawals withdrawals;
    private final Duration grace;

    public SiteChangeHandler(DropProcessor drops, SiteWithdrawals withdrawals, Duration grace) {
        this.drops = drops;
        this.withdrawals = withdrawals;
        this.grace = grace;
    }

    public DropProcessor.Outcome handle(SiteChanged change) {
        ReentrantLock lock = drops.lockOf(change.site());
        lock.lock();
        try {
            return handleLocked(change);
        } finally {
            lock.unlock();
        }
    }

    private DropProcessor.Outcome handleLocked(SiteChanged change) {
        if (withdrawals.keepsWithdrawn(change)) {
            return DropProcessor.Outcome.WITHDRAWN;
        }
        if (change.cause() == SiteChanged.Cause.WITHDRAWAL_REQUESTED) {
            withdrawals.withdraw(change.site(), DatasetWithdrawn.Cause.OPERATOR_REQUEST);
            return DropProcessor.Outcome.WITHDRAWN;
        }
        DropProcessor.Outcome outcome = drops.process(change.site());
        if (outcome != DropProcessor.Outcome.NO_DESCRIPTOR
                || !withdrawals.hasRegistered(change.site())) {
            return outcome;
        }
        Drops.sleep(grace);
        outcome = drops.process(change.site()); // the descriptor is back: a drop to decide
        if (outcome == DropProcessor.Outcome.NO_DESCRIPTOR
                && withdrawals
                        .withdraw(change.site(), DatasetWithdrawn.Cause.DESCRIPTOR_REMOVED)
                        .isPresent()) {
            return DropProcessor.Outcome.WITHDRAWN;
        }
        return outcome;
    }
}
