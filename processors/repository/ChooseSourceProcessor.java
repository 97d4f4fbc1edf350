package io.snapdock.processors.repository;

import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.run.Requests;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Which repository a reading run uses (the body's {@code from}: primary, replica, or the primary
 * unless it is unreachable): decided once, before the run reads anything.
 */
public class ChooseSourceProcessor implements Processor {

    private final RepositoryViews repositories;

    public ChooseSourceProcessor(RepositoryViews repositories) {
        this.repositories = repositories;
    }

    @Override
    public void process(Exchange exchange) {
        Requests.Check request = exchange.getMessage().getBody(Requests.Check.class);
        RunExchange.context(exchange).run().source = repositories.resolve(request == null ? null : request.from);
    }
}
