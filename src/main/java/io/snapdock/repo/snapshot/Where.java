package io.snapdock.repo.snapshot;

import io.snapdock.config.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/** Where a snapshot exists when there is a replica: on the repository read, on the other one, or on both. */
public final class Where {

    private static final Logger LOG = LoggerFactory.getLogger(Where.class);

    private final RepositoryViews repositories;

    public Where(RepositoryViews repositories) {
        this.repositories = repositories;
    }

    /** The repository that is not {@code source}. */
    public static String other(String source) {
        return RepositoryViews.REPLICA.equals(source) ? RepositoryViews.PRIMARY : RepositoryViews.REPLICA;
    }

    /** The complete stamps of the other repository; empty when there is none or it cannot be read (logged). */
    public Set<String> otherSide(String source) {
        if (!repositories.hasReplica()) {
            return Set.of();
        }
        String other = other(source);
        try {
            return Replication.completeStamps(repositories.snapshots(other).repository());
        } catch (Exception e) {
            LOG.warn("The {} repository cannot be read ({}): where each snapshot exists shows the {} only", other,
                    Secrets.describe(e), source);
            return Set.of();
        }
    }
}
