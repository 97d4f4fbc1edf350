package io.snapdock.health;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A Snapdock check that counts for readiness only: a missing dependency or a late backup must
 * take Snapdock out of service, never get its container restarted (liveness stays the context).
 */
abstract class ReadinessCheck extends AbstractHealthCheck {

    ReadinessCheck(String id) {
        super("snapdock", id);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }
}
