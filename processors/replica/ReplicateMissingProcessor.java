package io.snapdock.processors.replica;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.model.ReplicaStatus;
import io.snapdock.model.Run;
import io.snapdock.model.Stamp;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.replication.ReplicaService;
import io.snapdock.repo.snapshot.Replication;
import io.snapdock.run.Requests;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Copies to the replica the snapshots named in the request (a {@link Requests.Replicate}), or every
 * snapshot complete on the primary whose manifest the replica lacks, oldest first. Stops at the
 * first failure (the run fails, naming it); what was copied before stays copied.
 */
public class ReplicateMissingProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicateMissingProcessor.class);

    private final ReplicaService replicas;

    public ReplicateMissingProcessor(ReplicaService replicas) {
        this.replicas = replicas;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Run run = RunExchange.context(exchange).run();
        Requests.Replicate request = exchange.getMessage().getBody(Requests.Replicate.class);
        ReplicaStatus status = replicas.newStatus();
        run.replica = status;
        long t0 = System.nanoTime();
        String current = null;
        try {
            Replication replication = replicas.replication();
            replication.prepare();     // a replica of another repository is refused before anything is listed
            List<String> stamps = request == null || request.stamps == null || request.stamps.isEmpty()
                    ? replication.missing() : request.stamps.stream().map(Stamp::require).toList();
            LOG.info("Replicating {} snapshot(s) to the replica {}", stamps.size(), status.location);
            for (String stamp : stamps) {
                current = stamp;
                ReplicaService.add(status, replication.replicate(stamp));
            }
            status.status = ReplicaStatus.State.succeeded;
            LOG.info("Replica up to date: {} snapshot(s) copied, {} already there, {} pack(s), {} bytes copied",
                    status.copied.size(), status.present.size(), status.packsCopied, status.bytesCopied);
        } catch (Exception e) {
            status.status = ReplicaStatus.State.failed;
            status.error = (current != null ? "snapshot " + current + ": " : "") + Secrets.describe(e);
            LOG.error("REPLICATION FAILED: {}", status.error);
            throw e instanceof SnapdockException se && current == null ? se
                    : SnapdockException.failed("replication failed: " + status.error);
        } finally {
            status.durationMs = (System.nanoTime() - t0) / 1_000_000;
            replicas.record(status);
        }
    }
}
