package io.snapdock.processors.catalog;

import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.repo.snapshot.Where;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

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

    private final RepositoryViews repositories;
    private final Where where;

    public ListSnapshotsProcessor(RepositoryViews repositories) {
        this.repositories = repositories;
        this.where = new Where(repositories);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String source = repositories.resolve(exchange.getMessage().getHeader("from", String.class));
        List<Snapshots.Summary> list = repositories.snapshots(source).list();
        Set<String> other = where.otherSide(source);
        List<Snapshots.Summary> out = new ArrayList<>(list.stream()
                .map(s -> s.withWhere(s.complete() && other.contains(s.stamp()) ? "both" : source)).toList());
        // Complete only on the other side (e.g. gone from the primary): listed too, read from there.
        Set<String> here = list.stream().map(Snapshots.Summary::stamp).collect(Collectors.toSet());
        String otherName = Where.other(source);
        for (String stamp : other) {
            if (!here.contains(stamp)) {
                out.add(repositories.snapshots(otherName).summary(stamp).withWhere(otherName));
            }
        }
        out.sort(Comparator.comparing(Snapshots.Summary::stamp).reversed());
        exchange.getMessage().setBody(out);
    }
}
