package io.snapdock.processors;

import io.snapdock.SnapdockException;
import io.snapdock.app.Snapdock;
import io.snapdock.docker.ContainerControl;
import io.snapdock.model.StoreSpec;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stop mode only: stops the store's container (and the containers named in its
 * {@code stop-with} option), each written to the stop journal first. Online stores pass
 * through untouched. startStore, in the route's doFinally, starts them again.
 */
public class StopStoreProcessor implements Processor {

    public static final String STOPPED = "snapdockStopped";

    @Override
    public void process(Exchange exchange) {
        StoreSpec spec = exchange.getMessage().getBody(StoreSpec.class);
        if (!"stop".equals(spec.mode())) {
            return;
        }
        if (!spec.inContainer()) {
            throw SnapdockException.badInput("store " + spec.name() + " is in stop mode but runs in no container");
        }
        Snapdock sd = Snapdock.from(exchange);
        List<String> ids = containersToStop(sd, spec);
        Run run = RunSupport.run(exchange);
        ContainerControl.Stopped stopped = sd.containers().stop(ids, spec.name(), run.id);
        exchange.setProperty(STOPPED, stopped);
    }

    /** The store's container and the ones named in its stop-with option. */
    static List<String> containersToStop(Snapdock sd, StoreSpec spec) {
        List<String> ids = new ArrayList<>();
        ids.add(spec.container());
        String with = spec.option("stop-with", null);
        if (with != null) {
            Arrays.stream(with.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .forEach(n -> ids.add(sd.docker().inspect(n).getId()));
        }
        return ids;
    }
}
