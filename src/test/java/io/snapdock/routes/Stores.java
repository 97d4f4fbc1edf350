package io.snapdock.routes;

import io.snapdock.model.Run;
import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RunContext;
import org.apache.camel.Processor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Stores and runs for the route tests: a run context as a begin step would put it on the exchange. */
final class Stores {

    private Stores() {
    }

    static StoreSpec spec(String name) {
        return new StoreSpec(name, "postgres", "stop", "id-" + name, name, "img", null, null, null, null, Map.of(),
                "labels");
    }

    /** A begin step: the run (kind, safety snapshot) and its context with {@code stores} as its targets. */
    static Processor begin(String kind, String safety, String... stores) {
        return exchange -> {
            Run run = new Run(kind, "test");
            run.safety = safety;
            RunContext ctx = RunExchange.begin(exchange, run);
            List<StoreSpec> targets = Arrays.stream(stores).map(Stores::spec).toList();
            ctx.setTargets(targets);
            ctx.setSafetySnapshot(safety != null);
        };
    }
}
