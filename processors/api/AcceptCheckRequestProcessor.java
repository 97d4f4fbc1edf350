package io.snapdock.processors.api;

import io.snapdock.processors.support.RequestBodies;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.run.Requests;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** POST /api/check: the repository to check must be reachable now (4xx/503 otherwise, and nothing runs). */
public class AcceptCheckRequestProcessor implements Processor {

    private final RepositoryViews repositories;

    public AcceptCheckRequestProcessor(RepositoryViews repositories) {
        this.repositories = repositories;
    }

    @Override
    public void process(Exchange exchange) {
        Requests.Check r = RequestBodies.parseOr(exchange.getMessage().getBody(String.class), Requests.Check.class,
                Requests.Check::new);
        repositories.resolve(r.from);
        exchange.getMessage().setBody(r);
    }
}
