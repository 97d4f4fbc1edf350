package io.snapdock.processors.repository;

import io.snapdock.model.CheckReport;
import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.content.RepositoryCheck;
import io.snapdock.repo.snapshot.RepositoryViews;
import io.snapdock.run.Requests;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the repository check (the body's {@code readData}: also read every chunk back); its report joins the run. */
public class CheckContentProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CheckContentProcessor.class);

    private final RepositoryViews repositories;

    public CheckContentProcessor(RepositoryViews repositories) {
        this.repositories = repositories;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Run run = RunExchange.context(exchange).run();
        Requests.Check request = exchange.getMessage().getBody(Requests.Check.class);
        boolean readData = request != null && request.readData;
        CheckReport report = new RepositoryCheck(repositories.snapshots(run.source)).run(readData);
        run.check = report;
        LOG.info("Repository check{}: {} snapshot(s), {} pack(s), {} chunk(s), {} error(s), {} warning(s)",
                readData ? " with read-data" : "", report.snapshots, report.packs, report.chunks, report.errors.size(),
                report.warnings.size());
        report.errors.forEach(f -> LOG.warn("check error: {}", f));
    }
}
