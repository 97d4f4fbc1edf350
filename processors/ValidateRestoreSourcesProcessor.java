package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.ValidationReport;
import io.snapdock.run.Run;
import io.snapdock.validate.SnapshotValidator;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Before a restore: the stores to restore are checked in the snapshot(s) they come from (checksums
 * re-read, each handler's native check, where the store's tools are). With {@code latest} they
 * may come from several snapshots; the run's report is the first invalid one, else the last.
 */
public class ValidateRestoreSourcesProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ValidateRestoreSourcesProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        Map<String, StoreSpec> specs = run.targets.stream().collect(Collectors.toMap(StoreSpec::name, s -> s, (a, b) -> a));
        Map<Manifest, List<String>> bySource = new LinkedHashMap<>();
        run.sources.forEach((store, m) -> bySource.computeIfAbsent(m, k -> new ArrayList<>()).add(store));
        SnapshotValidator validator = new SnapshotValidator(sd.snapshots(run.source), sd.handlers());
        ValidationReport chosen = null;
        for (Map.Entry<Manifest, List<String>> source : bySource.entrySet()) {
            ValidationReport report = validator.validate(source.getKey(), source.getValue(),
                    name -> sd.context(specs.get(name), null));
            if (report.valid) {
                LOG.info("Snapshot {} is valid for {}", source.getKey().stamp, source.getValue());
            } else {
                LOG.error("Snapshot {} is INVALID: {}", source.getKey().stamp, report.errors);
            }
            if (chosen == null || chosen.valid) {
                chosen = report;
            }
        }
        run.validation = chosen;
    }
}
