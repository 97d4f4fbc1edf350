package io.snapdock.processors;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;

import java.time.Instant;

/** The exchange property that carries the {@link Run} through a route, and small helpers on it. */
final class RunSupport {

    static final String RUN = "snapdockRun";
    static final String TRIGGER = "snapdockTrigger";

    private RunSupport() {
    }

    static Run run(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        if (run == null) {
            throw new IllegalStateException("no run on this exchange: the route must begin a run first");
        }
        return run;
    }

    static String trigger(Exchange exchange, String fallback) {
        return exchange.getMessage().getHeader(TRIGGER, fallback, String.class);
    }

    static String now() {
        return Instant.now().toString();
    }

    /** One line for an operator: the SnapdockException's message, or the root cause's, secrets redacted. */
    static String describe(Throwable t) {
        SnapdockException se = SnapdockException.find(t);
        if (se != null) {
            return Secrets.redact(se.getMessage());
        }
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return Secrets.redact(c.getClass().getSimpleName() + ": " + SnapdockException.rootMessage(c));
    }

    static Throwable caught(Exchange exchange) {
        Throwable t = exchange.getException();
        if (t == null) {
            t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        return t;
    }
}
