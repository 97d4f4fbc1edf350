package io.snapdock.processors;

import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Releases the repository lock the run holds, if any (always, in a doFinally). */
public class UnlockRepositoryProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        Run run = exchange.getProperty(RunSupport.RUN, Run.class);
        if (run != null && run.repositoryLock != null) {
            AutoCloseable lock = run.repositoryLock;
            run.repositoryLock = null;
            lock.close();
        }
    }
}
