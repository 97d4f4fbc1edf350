package io.snapdock.processors.api;

import io.snapdock.discovery.StoreDiscovery;
import io.snapdock.processors.support.RequestBodies;
import io.snapdock.run.Requests;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** POST /api/backups: the stores named must be known now (a 400 otherwise, and nothing runs). */
public class AcceptBackupRequestProcessor implements Processor {

    private final StoreDiscovery discovery;

    public AcceptBackupRequestProcessor(StoreDiscovery discovery) {
        this.discovery = discovery;
    }

    @Override
    public void process(Exchange exchange) {
        Requests.Backup r = RequestBodies.parseOr(exchange.getMessage().getBody(String.class), Requests.Backup.class,
                Requests.Backup::new);
        discovery.select(r.stores);
        exchange.getMessage().setBody(r);
    }
}
