package io.snapdock.processors.restore;

import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.run.RunContext;
import io.snapdock.stores.StoreContexts;
import io.snapdock.validate.SnapshotValidator;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Before a restore: the stores to restore are checked in the snapshot(s) they come from (checksums
 * re-read, each handler's native check, where the store's tools are). With {@code latest} they
 * may come from several snapshots; the run's report is the first invalid one, else the last.
 */
public class ValidateRestoreSourcesProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ValidateRestoreSourcesProcessor.class);

    private final RepositoryViews repositories;
    private final StoreContexts contexts;

    public ValidateRestoreSourcesProcessor(RepositoryViews repositories, StoreContexts contexts) {
        this.repositories = repositories;
        this.contexts = contexts;
    }

    @Override
    public void process(Exchange exchange) {
        RunContext ctx = RunExchange.context(exchange);
        Map<Manifest, List<String>> bySource = new LinkedHashMap<>();
        ctx.sources().forEach((store, m) -> bySource.computeIfAbsent(m, k -> new ArrayList<>()).add(store));
        SnapshotValidator validator = new SnapshotValidator(repositories.snapshots(ctx.run().source),
                contexts.handlers());
        ValidationReport chosen = null;
        for (Map.Entry<Manifest, List<String>> source : bySource.entrySet()) {
            ValidationReport report = validator.validate(source.getKey(), source.getValue(),
                    name -> contexts.context(ctx.target(name), null));
            if (report.valid) {
                LOG.info("Snapshot {} is valid for {}", source.getKey().stamp, source.getValue());
            } else {
                LOG.error("Snapshot {} is INVALID: {}", source.getKey().stamp, report.errors);
            }
            if (chosen == null || chosen.valid) {
                chosen = report;
            }
        }
        ctx.run().validation = chosen;
    }
}
