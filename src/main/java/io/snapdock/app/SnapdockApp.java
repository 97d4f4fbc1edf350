package io.snapdock.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.snapdock.auth.HttpGuard;
import io.snapdock.auth.Tokens;
import io.snapdock.config.Settings;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.health.BackupAgeHealthCheck;
import io.snapdock.health.DockerHealthCheck;
import io.snapdock.health.RepositoryHealthCheck;
import io.snapdock.health.RestoreJournalHealthCheck;
import io.snapdock.health.SnapdockHealthChecks;
import io.snapdock.repo.backend.RouteObjectWriters;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * Builds the Camel application: the routes from {@code routes/}, the services
 * ({@link Services}) and the processors the routes name, each given its services
 * ({@link ProcessorWiring}). {@code serve} loads everything; a CLI command leaves out the
 * schedules and the HTTP API and just sends one request through the routes.
 */
public final class SnapdockApp {

    /** The route files, {@code routes/<name>.camel.yaml}: the whole flow. */
    static final List<String> ROUTES = List.of("backup", "safety", "restore", "validate", "check", "catalog",
            "recovery",
            "maintenance", "dead-letter", "errors", "schedules", "rest-api", "dashboard", "replica", "retention", "s3");
    /** Loaded by {@code serve} only: a CLI command runs no schedule and serves no HTTP. */
    static final List<String> SERVE_ONLY_ROUTES = List.of("schedules", "rest-api", "dashboard");

    private SnapdockApp() {
    }

    /**
     * What a command that only reads the repository loads ({@code list}, {@code show}): loading and
     * starting every route file costs seconds per command. When a killed Snapdock left something
     * to recover (a stopped container, an unfinished restore), every route is loaded anyway, so
     * that the recovery runs first, as before any command.
     */
    public static final List<String> READ_ROUTES = List.of("catalog", "errors");

    public static Main create(SnapdockConfig config, boolean serve) {
        return create(config, serve, null);
    }

    /** {@code only}: the route files the command needs (null: all a CLI command may use, or serve's). */
    public static Main create(SnapdockConfig config, boolean serve, List<String> only) {
        Main main = new Main();
        Services services = bindServices(main::bind, config);
        List<String> routes = only != null && !services.leftToRecover() ? only
                : ROUTES.stream().filter(r -> serve || !SERVE_ONLY_ROUTES.contains(r)).toList();
        // Camel sees only what the routes and Camel itself use: never a credential.
        Properties props = new Properties();
        config.resolved().forEach((k, v) -> {
            String key = (String) k;
            if (key.startsWith("camel.") || key.startsWith("snapdock.http.") || isRouteSetting(key)) {
                props.put(key, v);
            }
        });
        // Named one by one: a wildcard makes Camel scan every entry of the packaged jar (seconds per command).
        props.setProperty("camel.main.routes-include-pattern",
                String.join(",", routes.stream().map(r -> "classpath:routes/" + r + ".camel.yaml").toList()));
        props.setProperty("camel.server.enabled", String.valueOf(serve));
        props.setProperty("camel.management.enabled", String.valueOf(serve));
        if (!serve) {
            props.setProperty("camel.metrics.enabled", "false");
        }
        main.setOverrideProperties(props);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStop(BaseMainSupport m) {
                services.close();
            }

            @Override
            public void afterConfigure(BaseMainSupport m) {
                writeThrough(m.getCamelContext(), services);
                if (serve) {
                    serveChecks(m.getCamelContext(), services, config);
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                bindMetrics(m.getCamelContext(), services);
            }
        });
        return main;
    }

    /** Settings the route files read as placeholders (schedules, retries, rollback retries): never a credential. */
    public static boolean isRouteSetting(String key) {
        return key.startsWith("snapdock.schedule.") || key.startsWith("snapdock.retry.")
                || key.startsWith("snapdock.restore.rollback-retry-");
    }

    /**
     * Creates the services from the configuration (checked first) and binds what the routes refer
     * to by name: every processor, the state database, the executor of a run's stores. Used by
     * {@code serve} and the CLI, and by {@link JBangSetup} under {@code camel run}.
     */
    public static Services bindServices(BiConsumer<String, Object> bind, SnapdockConfig config) {
        HandlerRegistry handlers = StoreTypes.registry();
        Settings settings = ConfigCheck.settings(config, handlers);
        Services services = new Services(config, settings, handlers);
        services.bind(bind);
        ProcessorWiring.of(services).forEach(bind);
        return services;
    }

    /** The readiness checks and the access check in front of every HTTP request (serve and camel run). */
    static void serveChecks(CamelContext context, Services s, SnapdockConfig config) {
        boolean dockerNeeded = s.settings.docker().discovery() || config.declaredStores().stream()
                .anyMatch(n -> config.get("snapdock.stores." + n + ".container") != null);
        SnapdockHealthChecks.register(context,
                new DockerHealthCheck(s.docker, s.settings.docker().composeProject(), dockerNeeded),
                new RepositoryHealthCheck(s.repositories),
                new BackupAgeHealthCheck(s.settings.health(), s.discovery, s.repositories, s.runs),
                new RestoreJournalHealthCheck(s.restoreJournal));
        // Every request to the HTTP server is checked before any route (tokens, roles).
        HttpGuard.install(context, Tokens.from(config));
    }

    /** S3 writes go through the route s3-put (camel-aws2-s3), with each repository's own client. */
    static void writeThrough(CamelContext context, Services s) {
        s.repositories.writeThrough(new RouteObjectWriters(context));
    }

    /** Snapdock's own meters join the registry camel-micrometer-prometheus created (served at /observe/metrics). */
    static void bindMetrics(CamelContext context, Services s) {
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry != null) {
            s.metrics().bindTo(registry);
        }
    }
}
