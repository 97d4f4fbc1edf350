package io.snapdock.processors.restore;

import io.snapdock.restore.RestorePreview;
import io.snapdock.run.Requests;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A restore's dry run (POST /api/restores/preview, {@code "dryRun": true}, {@code restore
 * --dry-run}): the body (a {@link Requests.Restore}) becomes what the restore would replace and
 * stop, per store. It starts no run and changes nothing.
 */
public class PreviewRestoreProcessor implements Processor {

    private final RestorePreview preview;

    public PreviewRestoreProcessor(RestorePreview preview) {
        this.preview = preview;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(preview.preview(exchange.getMessage().getBody(Requests.Restore.class)));
    }
}
