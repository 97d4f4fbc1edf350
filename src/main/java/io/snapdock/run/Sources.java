package io.snapdock.run;

import io.snapdock.SnapdockException;
import io.snapdock.app.Snapdock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which repository a read (restore, validate, check, list, show) uses: {@code primary},
 * {@code replica}, or, when the caller names none, the primary, unless it is unreachable and a
 * replica is configured. The rule: the primary's own reachability check
 * ({@code Repository.check()}) failing as unavailable (S3 endpoint down, bucket gone, access
 * refused) switches to the replica, with a warning in the log; any other problem (a wrong key, a
 * missing snapshot) is reported as it is, and never silently answered from the replica.
 */
public final class Sources {

    public static final String PRIMARY = "primary";
    public static final String REPLICA = "replica";

    private static final Logger LOG = LoggerFactory.getLogger(Sources.class);

    private Sources() {
    }

    /** {@code from} as asked ({@code primary}, {@code replica}, null or {@code auto}): the source to read. */
    public static String resolve(Snapdock sd, String from) {
        if (from == null || from.isBlank() || "auto".equals(from)) {
            return auto(sd);
        }
        if (PRIMARY.equals(from)) {
            sd.snapshots();
            return PRIMARY;
        }
        if (REPLICA.equals(from)) {
            sd.replica();
            return REPLICA;
        }
        throw SnapdockException.badInput("invalid source '" + from + "': expected primary or replica");
    }

    private static String auto(Snapdock sd) {
        if (!sd.hasReplica()) {
            sd.snapshots();
            return PRIMARY;
        }
        try {
            sd.snapshots();
            return PRIMARY;
        } catch (SnapdockException e) {
            if (e.kind() != SnapdockException.Kind.UNAVAILABLE) {
                throw e;
            }
            try {
                sd.replica();
            } catch (SnapdockException r) {
                throw SnapdockException.unavailable(e.getMessage() + "; the replica cannot be used either: " + r.getMessage(), e);
            }
            LOG.warn("PRIMARY REPOSITORY UNREACHABLE ({}): reading from the replica {} instead", e.getMessage(),
                    sd.replica().repository().describe());
            return REPLICA;
        }
    }
}
