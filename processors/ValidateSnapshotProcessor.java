package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.exec.LocalRunner;
import io.snapdock.handlers.StoreContext;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.ValidationReport;
import io.snapdock.run.Run;
import io.snapdock.validate.SnapshotValidator;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks the run's snapshot (checksums re-read from the repository plus each handler's native
 * check) and keeps the result as validation.json when the whole snapshot was checked. Native
 * checks run where the store's tools are: in its container when it is there, locally otherwise.
 */
public class ValidateSnapshotProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ValidateSnapshotProcessor.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        Manifest manifest = run.manifest != null ? run.manifest : sd.snapshots(run.source).manifest(run.stamp);
        Map<String, StoreSpec> known = run.targets.stream().collect(Collectors.toMap(StoreSpec::name, s -> s, (a, b) -> a));
        // Stores this run did not find itself (an on-demand validation) are looked up once, not per store.
        AtomicReference<Map<String, StoreSpec>> found = new AtomicReference<>();
        Function<String, StoreContext> contexts = name -> {
            StoreSpec spec = known.get(name);
            if (spec == null) {
                if (found.get() == null) {
                    found.set(sd.discovery().allOrNone());
                }
                spec = found.get().get(name);
            }
            if (spec != null) {
                return sd.context(spec, null);
            }
            Manifest.StoreEntry e = manifest.store(name);
            StoreSpec offline = new StoreSpec(name, e.type, e.method, null, null, e.image, null, null, null, null,
                    Map.of(), "manifest");
            return new StoreContext(offline, new LocalRunner(), null, sd.storeTimeout());
        };
        List<String> only = null;   // every store (a restore validates its sources itself: validateRestoreSources)
        SnapshotValidator validator = new SnapshotValidator(sd.snapshots(run.source), sd.handlers());
        // After a backup into the content store, by default only what the run wrote is read back.
        boolean newDataOnly = "backup".equals(run.kind) && run.writtenPacks != null && sd.snapshots(run.source).content(false) != null
                && "new-data".equals(sd.config().get("snapdock.backup.verify", "new-data"));
        ValidationReport report = newDataOnly ? validator.verifyNewData(manifest, run.writtenPacks)
                : validator.validate(manifest, only, contexts);
        if (only == null) {
            sd.snapshots(run.source).writeValidation(report);
        }
        run.validation = report;
        if (report.valid) {
            LOG.info("Snapshot {} is valid ({} check)", run.stamp, report.scope);
        } else {
            LOG.error("Snapshot {} is INVALID: {}", run.stamp, report.errors);
        }
    }
}
