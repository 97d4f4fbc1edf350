package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.repo.backend.FileRepository;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Dumps one store (the body) with its handler. Online, every artifact streams straight into the
 * repository. In stop mode the store's data folder is copied (the folder method) into local
 * staging instead, so its container can start again before anything is uploaded.
 */
public class DumpStoreProcessor implements Processor {

    public static final String ENTRY = "snapdockEntry";
    public static final String STAGING = "snapdockStaging";
    public static final String STAGING_DIR = "snapdockStagingDir";
    private static final Logger LOG = LoggerFactory.getLogger(DumpStoreProcessor.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        StoreSpec spec = exchange.getMessage().getMandatoryBody(StoreSpec.class);
        boolean stopped = exchange.getProperty(StopStoreProcessor.STOPPED) != null;
        StoreHandler handler = sd.handlers().forMethod(spec.type(), spec.mode());
        StoreSpec target = "stop".equals(spec.mode()) ? withDataPath(spec, sd.handlers().get(spec.type())) : spec;
        run.result(spec.name()).status = "running";

        Manifest.StoreEntry entry = newEntry(spec);
        exchange.setProperty(ENTRY, entry);
        Instant start = Instant.now();
        entry.startedAt = start.toString();
        StoreContext ctx = sd.context(target, entry);

        Snapshots destination = sd.snapshots();
        if (stopped) {
            java.nio.file.Path dir = sd.stateDir().resolve("staging").resolve(run.id + "-" + spec.name());
            destination = new Snapshots(new FileRepository(dir));
            exchange.setProperty(STAGING_DIR, dir);
            exchange.setProperty(STAGING, destination);
        }
        LOG.info("Backing up {} ({}, {}) via {}{}", spec.name(), spec.type(), spec.mode(), ctx.runner().describe(),
                stopped ? " into local staging" : "");
        Snapshots into = destination;
        handler.backup(ctx, artifact -> into.openArtifact(run.stamp, spec.name(), artifact));

        Instant end = Instant.now();
        entry.finishedAt = end.toString();
        entry.durationMs = end.toEpochMilli() - start.toEpochMilli();
    }

    /** The spec with its data folder as {@code path}, for the stop-mode folder copy. */
    static StoreSpec withDataPath(StoreSpec spec, StoreHandler handler) {
        if (spec.option("path", null) != null || handler.dataPath() == null) {
            return spec;
        }
        Map<String, String> options = new HashMap<>(spec.options() == null ? Map.of() : spec.options());
        options.put("path", handler.dataPath());
        return new StoreSpec(spec.name(), spec.type(), spec.mode(), spec.container(), spec.containerName(), spec.image(),
                spec.host(), spec.port(), spec.user(), spec.password(), options, spec.source());
    }

    /** The manifest entry of {@code spec} before its copy: name, type, method, container, image. */
    static Manifest.StoreEntry newEntry(StoreSpec spec) {
        Manifest.StoreEntry entry = new Manifest.StoreEntry();
        entry.name = spec.name();
        entry.type = spec.type();
        entry.method = spec.mode();
        entry.container = spec.containerName();
        entry.image = spec.image();
        return entry;
    }
}
