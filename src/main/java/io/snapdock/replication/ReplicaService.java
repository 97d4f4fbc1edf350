package io.snapdock.replication;

import io.snapdock.metrics.SnapdockMetrics;
import io.snapdock.model.ReplicaStatus;
import io.snapdock.repo.snapshot.Replication;
import io.snapdock.repo.snapshot.RepositoryViews;

/**
 * Copies snapshots from the primary to the replica ({@link Replication}) and keeps the meters a
 * replication leaves:
 * <pre>
 * snapdock_replica_last_result                       1 = the last replication succeeded, 0 = failed
 * snapdock_replica_last_success_timestamp_seconds    when it last succeeded (Unix time)
 * snapdock_replica_copied_bytes_total                pack bytes copied to the replica
 * snapdock_replica_copied_packs_total                packs copied to the replica
 * </pre>
 */
public final class ReplicaService {

    private final RepositoryViews repositories;
    private final SnapdockMetrics metrics;

    public ReplicaService(RepositoryViews repositories, SnapdockMetrics metrics) {
        this.repositories = repositories;
        this.metrics = metrics;
    }

    public boolean configured() {
        return repositories.hasReplica();
    }

    /** A new status for a run, with the replica's location as configured (no credentials). */
    public ReplicaStatus newStatus() {
        ReplicaStatus status = new ReplicaStatus();
        status.location = repositories.replicaLocation();
        return status;
    }

    /** The copier from the primary to the replica (both opened and checked here). */
    public Replication replication() {
        return new Replication(repositories.primary(), repositories.replica(), repositories.replicaReadBack());
    }

    /** Where the replica is, as its repository describes itself. */
    public String describeReplica() {
        return repositories.replica().repository().describe();
    }

    /** Adds what one snapshot's replication did to the run's status. */
    public static void add(ReplicaStatus status, Replication.Result r) {
        (r.status().equals("copied") ? status.copied : status.present).add(r.stamp());
        status.packsCopied += r.packs();
        status.bytesCopied += r.bytes();
    }

    /** The meters of a finished replication. */
    public void record(ReplicaStatus status) {
        boolean ok = status.status == ReplicaStatus.State.succeeded;
        metrics.gauge("snapdock.replica.last.result",
                "1 when the last replication to the replica succeeded, 0 when it failed",
                null).set(ok ? 1 : 0);
        if (ok) {
            metrics.gauge("snapdock.replica.last.success.timestamp",
                    "When the last replication to the replica succeeded",
                    "seconds").set(System.currentTimeMillis() / 1000.0);
        }
        metrics.count("snapdock.replica.copied.bytes", "Pack bytes copied to the replica", status.bytesCopied);
        metrics.count("snapdock.replica.copied.packs", "Packs copied to the replica", status.packsCopied);
    }
}
