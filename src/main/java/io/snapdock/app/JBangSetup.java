package io.snapdock.app;

import io.snapdock.config.SnapdockConfig;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.support.service.ServiceSupport;

import java.nio.file.Path;
import java.util.Properties;

/**
 * What {@code serve} sets up, for the same routes run by Camel JBang ({@code camel run}): the
 * configuration (the packaged defaults, then the file named by the Camel property
 * {@code snapdock.config}, then the environment), the services and processors bound by name, and
 * the readiness checks. Named in {@code config/jbang.properties} as a configuration class.
 */
public class JBangSetup implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        String file = context.getPropertiesComponent().resolveProperty("snapdock.config").orElse(null);
        SnapdockConfig config = SnapdockConfig.load(file == null || file.isBlank() ? null : Path.of(file));
        // The schedules and retries of Snapdock's configuration win over jbang.properties, as they do for
        // `serve`; nothing else (no credential) is given to Camel. (The HTTP server is set up
        // before this runs: its port and host come from jbang.properties or --prop.)
        Properties camel = new Properties();
        config.resolved().forEach((k, v) -> {
            if (SnapdockApp.isRouteSetting((String) k)) {
                camel.put(k, v);
            }
        });
        context.getPropertiesComponent().setOverrideProperties(camel);
        Services services = SnapdockApp.bindServices(context.getRegistry()::bind, config);
        SnapdockApp.writeThrough(context, services);
        SnapdockApp.serveChecks(context, services, config);
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // camel-micrometer-prometheus has created the registry /observe/metrics serves by now.
                SnapdockApp.bindMetrics(started, services);
            }
        });
        // Closed with the context: the Docker connection, the repository, the maintenance pools.
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                services.close();
            }
        });
    }
}
