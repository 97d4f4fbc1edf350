package io.snapdock.processors;

import io.snapdock.SnapdockException;
import io.snapdock.app.Snapdock;
import io.snapdock.model.Stamp;
import io.snapdock.repo.snapshot.Replication;
import io.snapdock.run.ReplicaStatus;
import io.snapdock.run.Requests;
import io.snapdock.run.Run;
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

    @Override
    public void process(Exchange exchange) throws Exception {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        Requests.Replicate request = exchange.getMessage().getBody(Requests.Replicate.class);
        ReplicaStatus status = new ReplicaStatus();
        status.location = ReplicaSupport.location(sd);
        run.replica = status;
        long t0 = System.nanoTime();
        String current = null;
        try {
            Replication replication = ReplicaSupport.replication(sd);
            replication.prepare();     // a replica of another repository is refused before anything is listed
            List<String> stamps = request == null || request.stamps == null || request.stamps.isEmpty()
                    ? replication.missing() : request.stamps.stream().map(Stamp::require).toList();
            LOG.info("Replicating {} snapshot(s) to the replica {}", stamps.size(), status.location);
            for (String stamp : stamps) {
                current = stamp;
                ReplicaSupport.add(status, replication.replicate(stamp));
            }
            status.status = "succeeded";
            LOG.info("Replica up to date: {} snapshot(s) copied, {} already there, {} pack(s), {} bytes copied",
                    status.copied.size(), status.present.size(), status.packsCopied, status.bytesCopied);
        } catch (Exception e) {
            status.status = "failed";
            status.error = (current != null ? "snapshot " + current + ": " : "") + RunSupport.describe(e);
            LOG.error("REPLICATION FAILED: {}", status.error);
            throw e instanceof SnapdockException se && current == null ? se : SnapdockException.failed("replication failed: " + status.error);
        } finally {
            status.durationMs = (System.nanoTime() - t0) / 1_000_000;
            ReplicaSupport.record(sd, status);
        }
    }
}
