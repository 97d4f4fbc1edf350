package io.snapdock.cli;

import io.snapdock.SnapdockException;
import io.snapdock.app.SnapdockApp;
import io.snapdock.config.SnapdockConfig;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.camel.support.DefaultExchange;

import java.util.Map;

/**
 * Runs one CLI request through the same routes {@code serve} uses: starts Camel without the
 * HTTP server and the schedules, sends the request, stops Camel.
 */
final class CamelSession implements AutoCloseable {

    private final Main main;
    private final ProducerTemplate template;

    private CamelSession(Main main) {
        this.main = main;
        this.template = main.getCamelContext().createProducerTemplate();
    }

    static CamelSession start(CommonOptions options, boolean progress) {
        return start(options, progress, null);
    }

    /** {@code routes}: the route files the command needs (null: every one a CLI command may use). */
    static CamelSession start(CommonOptions options, boolean progress, java.util.List<String> routes) {
        System.setProperty("snapdock.log.root", options.verbose ? "INFO" : "WARN");
        System.setProperty("snapdock.log.level", options.verbose || progress ? "INFO" : "WARN");
        SnapdockConfig config = options.load();
        Main main = SnapdockApp.create(config, false, routes);
        try {
            main.start();
        } catch (Exception e) {
            SnapdockException se = SnapdockException.find(e);
            throw se != null ? se : SnapdockException.badInput("cannot start: "
                    + io.snapdock.config.Secrets.redact(SnapdockException.rootMessage(e)));
        }
        CamelSession session = new CamelSession(main);
        session.recover();
        return session;
    }

    /** Starts containers a killed Snapdock left stopped; a failure here is reported, not fatal. */
    private void recover() {
        if (main.getCamelContext().getRoute("recovery") == null) {
            return;   // a reading command, and nothing was left to recover (SnapdockApp.READ_ROUTES)
        }
        Exchange ex = send("direct:recovery", null, Map.of());
        if (ex.getException() != null) {
            org.slf4j.LoggerFactory.getLogger(CamelSession.class).warn("Could not replay the stop journal: {}",
                    io.snapdock.config.Secrets.redact(String.valueOf(ex.getException().getMessage())));
        }
    }

    /** Sends {@code body} to {@code uri}; returns the exchange (its exception rethrown as is). */
    Exchange send(String uri, Object body, Map<String, Object> headers) {
        Exchange ex = new DefaultExchange(main.getCamelContext(), ExchangePattern.InOut);
        ex.getMessage().setBody(body);
        headers.forEach(ex.getMessage()::setHeader);
        ex.getMessage().setHeader("snapdockTrigger", "cli");
        return template.send(uri, ex);
    }

    /** Throws the run's failure, if the exchange failed, as the operator error it carries. */
    static void rethrow(Exchange ex, io.snapdock.model.Run run) {
        if (ex.getException() == null) {
            return;
        }
        SnapdockException se = SnapdockException.find(ex.getException());
        throw se != null ? se : SnapdockException.failed(run != null && run.error != null ? run.error
                : String.valueOf(ex.getException().getMessage()));
    }

    /** Like {@link #send} but throws the route's exception. */
    Exchange request(String uri, Object body, Map<String, Object> headers) {
        Exchange ex = send(uri, body, headers);
        if (ex.getException() != null) {
            Exception e = ex.getException();
            SnapdockException se = SnapdockException.find(e);
            throw se != null ? se : new RuntimeException(e);
        }
        return ex;
    }

    @Override
    public void close() {
        try {
            template.stop();
        } catch (Exception ignored) {
            // shutting down
        }
        main.stop();
    }
}
