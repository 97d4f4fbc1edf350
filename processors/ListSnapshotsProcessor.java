package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.repo.snapshot.Replication;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.run.Sources;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The snapshots in the repository read (header {@code from}: primary, replica, or the primary
 * unless unreachable), newest first; unfinished ones are marked incomplete. With a replica, each
 * says where it exists: the other side's complete stamps are listed once and joined; a snapshot
 * complete only on the other side is listed too (its manifest read there).
 */
public class ListSnapshotsProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ListSnapshotsProcessor.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        Snapdock sd = Snapdock.from(exchange);
        String source = Sources.resolve(sd, exchange.getMessage().getHeader("from", String.class));
        List<Snapshots.Summary> list = sd.snapshots(source).list();
        Set<String> other = otherSide(sd, source);
        List<Snapshots.Summary> out = new ArrayList<>(list.stream()
                .map(s -> s.withWhere(s.complete() && other.contains(s.stamp()) ? "both" : source)).toList());
        // Complete only on the other side (e.g. gone from the primary): listed too, read from there.
        Set<String> here = list.stream().map(Snapshots.Summary::stamp).collect(Collectors.toSet());
        String otherName = Sources.REPLICA.equals(source) ? Sources.PRIMARY : Sources.REPLICA;
        for (String stamp : other) {
            if (!here.contains(stamp)) {
                out.add(sd.snapshots(otherName).summary(stamp).withWhere(otherName));
            }
        }
        out.sort(Comparator.comparing(Snapshots.Summary::stamp).reversed());
        exchange.getMessage().setBody(out);
    }

    /** The complete stamps of the other repository; empty when there is none or it cannot be read (logged). */
    static Set<String> otherSide(Snapdock sd, String source) {
        if (!sd.hasReplica()) {
            return Set.of();
        }
        String other = Sources.REPLICA.equals(source) ? Sources.PRIMARY : Sources.REPLICA;
        try {
            return Replication.completeStamps(sd.snapshots(other).repository());
        } catch (Exception e) {
            LOG.warn("The {} repository cannot be read ({}): where each snapshot exists shows the {} only", other,
                    RunSupport.describe(e), source);
            return Set.of();
        }
    }
}
