package io.snapdock.processors.replica;

import io.snapdock.config.Secrets;
import io.snapdock.model.ReplicaStatus;
import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.replication.ReplicaService;
import io.snapdock.run.RunContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a backup's snapshot validated: copies it to the replica (when one is configured). A
 * failure here never fails the backup, whose snapshot is complete and valid on the primary: it
 * is recorded in the run ({@code replica.status = failed} and why), logged, counted in the
 * metrics, and sent to the webhook; the next backup or {@code snapdock replicate} catches up.
 */
public class ReplicateSnapshotProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicateSnapshotProcessor.class);

    private final ReplicaService replicas;

    public ReplicateSnapshotProcessor(ReplicaService replicas) {
        this.replicas = replicas;
    }

    @Override
    public void process(Exchange exchange) {
        RunContext ctx = RunExchange.context(exchange);
        Run run = ctx.run();
        if (!replicas.configured() || ctx.draft() == null || !ctx.draft().written()) {
            return;
        }
        ReplicaStatus status = replicas.newStatus();
        run.replica = status;
        if (run.validation == null || !run.validation.valid) {
            status.status = ReplicaStatus.State.skipped;
            status.error = "snapshot " + run.stamp + " is not valid: it is not copied to the replica";
            return;
        }
        long t0 = System.nanoTime();
        try {
            var replication = replicas.replication();
            status.location = replicas.describeReplica();
            ReplicaService.add(status, replication.replicate(run.stamp));
            status.status = ReplicaStatus.State.succeeded;
            LOG.info("Snapshot {} replicated to {}: {} pack(s), {} bytes copied", run.stamp, status.location,
                    status.packsCopied, status.bytesCopied);
        } catch (Exception e) {
            status.status = ReplicaStatus.State.failed;
            status.error = Secrets.describe(e);
            LOG.error(
                    "REPLICATION FAILED: snapshot {} was not copied to the replica {} ({}); it is complete on the primary,"
                            + " and `snapdock replicate` copies it once the replica is back",
                    run.stamp, status.location,
                    Secrets.redact(status.error));
        } finally {
            status.durationMs = (System.nanoTime() - t0) / 1_000_000;
            replicas.record(status);
        }
    }
}
