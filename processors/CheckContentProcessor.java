package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.repo.content.CheckReport;
import io.snapdock.repo.content.RepositoryCheck;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the repository check; its report joins the run (an error finding fails the run). */
public class CheckContentProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CheckContentProcessor.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        Run run = RunSupport.run(exchange);
        boolean readData = Boolean.TRUE.equals(exchange.getMessage().getHeader("readData", Boolean.class));
        CheckReport report = new RepositoryCheck(Snapdock.from(exchange).snapshots(run.source)).run(readData);
        run.check = report;
        LOG.info("Repository check{}: {} snapshot(s), {} pack(s), {} chunk(s), {} error(s), {} warning(s)",
                readData ? " with read-data" : "", report.snapshots, report.packs, report.chunks, report.errors.size(),
                report.warnings.size());
        report.errors.forEach(f -> LOG.warn("check error: {}", f));
    }
}
