package io.snapdock.processors.backup;

import io.snapdock.model.Host;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Manifest;
import io.snapdock.model.Run;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.Version;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.run.RunContext;
import io.snapdock.run.SnapshotDraft;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reserves a fresh stamp for the snapshot this run writes ({@code <area>/<stamp>/started.json}:
 * the first write) and starts its manifest, which is written only at the end. The area is the
 * exchange property {@code snapdockArea}: {@code snapshots} for a backup (the default),
 * {@code safety} for the safety snapshot a restore takes of the stores it is about to replace,
 * in the repository the restore reads (the rollback must be able to read it back whatever
 * happened to the other one).
 */
public class ReserveSnapshotProcessor implements Processor {

    private final RepositoryViews repositories;

    public ReserveSnapshotProcessor(RepositoryViews repositories) {
        this.repositories = repositories;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RunContext ctx = RunExchange.context(exchange);
        Run run = ctx.run();
        SnapshotDraft.Area area = SnapshotDraft.Area
                .valueOf(exchange.getProperty(RunExchange.AREA, "snapshots", String.class));
        Snapshots repository = repositories.snapshots(run.source);
        Snapshots view = area == SnapshotDraft.Area.safety ? repository.safety() : repository;
        Instant now = Instant.now();
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("run", run.id);
        started.put("startedAt", now.toString());
        if (area == SnapshotDraft.Area.safety) {
            started.put("restoring", String.valueOf(run.stamp));
        }
        started.put("stores", (area == SnapshotDraft.Area.safety ? ctx.getSafetyTargets() : ctx.getTargets()).stream()
                .map(StoreSpec::name).toList());
        Manifest m = new Manifest();
        m.stamp = view.allocate(now, started);
        m.snapdockVersion = Version.current();
        m.trigger = area == SnapshotDraft.Area.safety ? "restore" : run.trigger;
        m.startedAt = now.toString();
        m.host = Host.NAME;
        ctx.draft(new SnapshotDraft(area, view, m));
        if (area == SnapshotDraft.Area.safety) {
            run.safety = m.stamp;
            return;
        }
        run.stamp = m.stamp;
        ctx.manifest(m);
        synchronized (run.stores) {
            run.stores.stream().filter(r -> r.status == ItemStatus.failed)
                    .forEach(r -> m.failures.add(new Manifest.StoreFailure(r.name, r.type, r.error)));
        }
    }
}
