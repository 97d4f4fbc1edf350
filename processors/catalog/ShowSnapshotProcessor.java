package io.snapdock.processors.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapdock.model.Json;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.repo.snapshot.Where;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The manifest of the snapshot named by the {@code stamp} header (read where header {@code from}
 * says), with {@code where} added: {@code primary}, {@code replica} or {@code both}.
 */
public class ShowSnapshotProcessor implements Processor {

    private final RepositoryViews repositories;
    private final Where where;

    public ShowSnapshotProcessor(RepositoryViews repositories) {
        this.repositories = repositories;
        this.where = new Where(repositories);
    }

    @Override
    public void process(Exchange exchange) {
        String stamp = exchange.getMessage().getHeader("stamp", String.class);
        String source = repositories.resolve(exchange.getMessage().getHeader("from", String.class));
        ObjectNode manifest = Json.MAPPER.valueToTree(repositories.snapshots(source).manifest(stamp));
        manifest.put("where", where.otherSide(source).contains(stamp) ? "both" : source);
        exchange.getMessage().setBody(manifest);
    }
}
