package io.snapdock.routes;

import io.snapdock.run.Requests;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dry runs are decided in one place, the API's run template (routes/rest-api.camel.yaml): a
 * restore or prune asked as a dry run goes to its preview route and nothing is queued; the same
 * request without it becomes a queued run.
 */
class DryRunRoutesTest extends RouteTestSupport {

    @Override
    protected List<String> routeFiles() {
        return List.of("rest-api", "restore", "retention", "errors");
    }

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind("snapdockStateDb", new org.sqlite.SQLiteDataSource());   // the failures list is not asked for here
    }

    private MockEndpoint queue() throws Exception {
        // The HTTP side of the API (rest: verbs, the OpenAPI document) needs the service's HTTP
        // server; the routes behind it are what is tested here.
        var model = (org.apache.camel.model.ModelCamelContext) context;
        model.removeRouteDefinitions(model.getRouteDefinitions().stream()
                .filter(r -> r.getInput().getEndpointUri().startsWith("rest")).toList());
        for (String route : List.of("start-restore-run", "start-prune-run")) {
            AdviceWith.adviceWith(context, route, a -> a.weaveByToUri("seda:runs*").replace().to("mock:runs"));
        }
        context.start();
        return getMockEndpoint("mock:runs");
    }

    @Test
    void aRestoreDryRunIsAPreviewAndQueuesNothing() throws Exception {
        MockEndpoint runs = queue();
        runs.expectedMessageCount(0);
        when("acceptRestoreRequest", e -> e.getMessage().setBody(restore(true)));
        template.sendBody("direct:api-start-restore", "{}");
        runs.assertIsSatisfied();
        assertThat(steps).containsExactly("acceptRestoreRequest", "previewRestore", "toJson");
    }

    @Test
    void aRestoreIsQueued() throws Exception {
        MockEndpoint runs = queue();
        runs.expectedMessageCount(1);
        runs.expectedHeaderReceived("snapdockKind", "restore");
        when("acceptRestoreRequest", e -> e.getMessage().setBody(restore(false)));
        template.sendBody("direct:api-start-restore", "{}");
        runs.assertIsSatisfied();
        assertThat(steps).containsExactly("acceptRestoreRequest", "queueRun", "answerQueued", "toJson");
    }

    @Test
    void aPruneDryRunPlansAndDeletesNothing() throws Exception {
        MockEndpoint runs = queue();
        runs.expectedMessageCount(0);
        when("acceptPruneRequest", e -> {
            Requests.Prune p = new Requests.Prune();
            p.dryRun = true;
            e.getMessage().setBody(p);
        });
        template.sendBody("direct:api-start-prune", "{\"dryRun\": true}");
        runs.assertIsSatisfied();
        assertThat(steps).containsExactly("acceptPruneRequest", "planRetention", "collectGarbage", "toJson")
                .doesNotContain("deleteSnapshots", "lockRepositoryExclusive");
    }

    private static Requests.Restore restore(boolean dryRun) {
        Requests.Restore r = new Requests.Restore();
        r.stamp = "20261204T000000Z";
        r.dryRun = dryRun;
        return r;
    }
}
