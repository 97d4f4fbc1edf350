package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.model.Manifest;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Instant;
import java.util.Map;

/**
 * Opens (and so checks) the repository, then reserves a fresh stamp for this run's snapshot.
 * The manifest is started here and written only at the end.
 */
public class ReserveSnapshotProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        Instant now = Instant.now();
        run.stamp = sd.snapshots().allocate(now, Map.of("run", run.id, "startedAt", now.toString(),
                "stores", run.targets.stream().map(s -> s.name()).toList()));
        Manifest m = new Manifest();
        m.stamp = run.stamp;
        m.snapdockVersion = Snapdock.version();
        m.trigger = run.trigger;
        m.startedAt = now.toString();
        try {
            m.host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            m.host = null;
        }
        synchronized (run.stores) {
            run.stores.stream().filter(r -> "failed".equals(r.status))
                    .forEach(r -> m.failures.add(new Manifest.StoreFailure(r.name, r.type, r.error)));
        }
        run.manifest = m;
    }
}
