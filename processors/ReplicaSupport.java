package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.metrics.SnapdockMetrics;
import io.snapdock.repo.snapshot.Replication;
import io.snapdock.run.ReplicaStatus;


/**
 * What the replication steps share: the {@link Replication} from the primary to the replica, and
 * the meters a replication leaves:
 * <pre>
 * snapdock_replica_last_result                       1 = the last replication succeeded, 0 = failed
 * snapdock_replica_last_success_timestamp_seconds    when it last succeeded (Unix time)
 * snapdock_replica_copied_bytes_total                pack bytes copied to the replica
 * snapdock_replica_copied_packs_total                packs copied to the replica
 * </pre>
 */
final class ReplicaSupport {

    private ReplicaSupport() {
    }

    static Replication replication(Snapdock sd) {
        // snapdock.replica.verify is checked at start-up (ReplicaConfig.check).
        return new Replication(sd.snapshots(), sd.replica(), io.snapdock.config.ReplicaConfig.readBack(sd.config()));
    }

    /** The replica's location as configured (file:PATH or s3://BUCKET/PREFIX: no credentials in either). */
    static String location(Snapdock sd) {
        return io.snapdock.config.ReplicaConfig.location(sd.config());
    }

    static void record(Snapdock sd, ReplicaStatus status) {
        SnapdockMetrics m = sd.metrics();
        boolean ok = "succeeded".equals(status.status);
        m.gauge("snapdock.replica.last.result", "1 when the last replication to the replica succeeded, 0 when it failed",
                null).set(ok ? 1 : 0);
        if (ok) {
            m.gauge("snapdock.replica.last.success.timestamp", "When the last replication to the replica succeeded",
                    "seconds").set(System.currentTimeMillis() / 1000.0);
        }
        m.count("snapdock.replica.copied.bytes", "Pack bytes copied to the replica", status.bytesCopied);
        m.count("snapdock.replica.copied.packs", "Packs copied to the replica", status.packsCopied);
    }

    static void add(ReplicaStatus status, Replication.Result r) {
        (r.status().equals("copied") ? status.copied : status.present).add(r.stamp());
        status.packsCopied += r.packs();
        status.bytesCopied += r.bytes();
    }
}
