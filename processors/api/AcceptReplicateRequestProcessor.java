package io.snapdock.processors.api;

import io.snapdock.model.Stamp;
import io.snapdock.processors.support.RequestBodies;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.run.Requests;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;

/** POST /api/replicate: well-formed stamps and a replica that is configured and reachable now. */
public class AcceptReplicateRequestProcessor implements Processor {

    private final RepositoryViews repositories;

    public AcceptReplicateRequestProcessor(RepositoryViews repositories) {
        this.repositories = repositories;
    }

    @Override
    public void process(Exchange exchange) {
        Requests.Replicate r = RequestBodies.parseOr(exchange.getMessage().getBody(String.class),
                Requests.Replicate.class,
                Requests.Replicate::new);
        (r.stamps == null ? List.<String>of() : r.stamps).forEach(Stamp::require);
        repositories.replica();
        exchange.getMessage().setBody(r);
    }
}
