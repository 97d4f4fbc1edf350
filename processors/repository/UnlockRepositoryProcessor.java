package io.snapdock.processors.repository;

import io.snapdock.processors.support.RunExchange;
import io.snapdock.run.RunContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Releases the repository lock the run holds, if any (always, in a doFinally). */
public class UnlockRepositoryProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        RunContext ctx = RunExchange.contextOrNull(exchange);
        if (ctx != null && ctx.repositoryLock() != null) {
            AutoCloseable lock = ctx.repositoryLock();
            ctx.repositoryLock(null);
            lock.close();
        }
    }
}
