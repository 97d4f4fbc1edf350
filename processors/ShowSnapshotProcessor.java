package io.snapdock.processors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapdock.app.Snapdock;
import io.snapdock.model.Json;
import io.snapdock.run.Sources;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The manifest of the snapshot named by the {@code stamp} header (read where header {@code from}
 * says), with {@code where} added: {@code primary}, {@code replica} or {@code both}.
 */
public class ShowSnapshotProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        String stamp = exchange.getMessage().getHeader("stamp", String.class);
        String source = Sources.resolve(sd, exchange.getMessage().getHeader("from", String.class));
        ObjectNode manifest = Json.MAPPER.valueToTree(sd.snapshots(source).manifest(stamp));
        boolean elsewhere = ListSnapshotsProcessor.otherSide(sd, source).contains(stamp);
        manifest.put("where", elsewhere ? "both" : source);
        exchange.getMessage().setBody(manifest);
    }
}
