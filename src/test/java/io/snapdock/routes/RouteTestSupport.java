package io.snapdock.routes;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The route files as they are, with every step they name replaced by a stub that records its
 * name (and the store it was given, when the body names one). A test makes a step fail (or do
 * something) with {@link #when}, sends an exchange, and reads what ran, in order, from
 * {@link #steps}: what the routes guarantee is proved on the routes themselves, without a
 * database or Docker.
 */
abstract class RouteTestSupport extends CamelTestSupport {

    private static final Pattern REFS = Pattern.compile("(?:\\bref|onRedeliveryRef|value): \"?([a-zA-Z]+)\"?");

    /** Every step that ran, as {@code name} or {@code name:store}. */
    protected final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Processor> behaviour = new ConcurrentHashMap<>();

    /** The route files under test, {@code routes/<name>.camel.yaml}. */
    protected abstract List<String> routeFiles();

    /** What the step {@code name} does besides being recorded (throw, set a property ...). */
    protected void when(String name, Processor processor) {
        behaviour.put(name, processor);
    }

    /** A step that fails with {@code message} the first {@code times} times it runs, then passes. */
    protected static Processor failing(String message, int times) {
        int[] count = {0};
        return e -> {
            if (count[0]++ < times) {
                throw new IllegalStateException(message);
            }
        };
    }

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        registry.bind("storeExecutor", Executors.newFixedThreadPool(2));
        for (String name : stepNames()) {
            registry.bind(name, (Processor) exchange -> {
                steps.add(name + store(exchange));
                Processor p = behaviour.get(name);
                if (p != null) {
                    p.process(exchange);
                }
            });
        }
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                for (String file : routeFiles()) {
                    PluginHelper.getRoutesLoader(getContext()).loadRoutes(
                            ResourceHelper.resolveMandatoryResource(getContext(),
                                    "file:routes/" + file + ".camel.yaml"));
                }
            }
        };
    }

    /** The names of the steps the route files refer to. */
    private Set<String> stepNames() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String file : routeFiles()) {
            Matcher m = REFS.matcher(Files.readString(Path.of("routes", file + ".camel.yaml")));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        names.removeIf(
                n -> n.equals("accept") || n.equals("kind") || n.equals("true") || Character.isUpperCase(n.charAt(0)));
        return names;
    }

    private static String store(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        return body instanceof io.snapdock.model.StoreSpec s ? ":" + s.name() : "";
    }

    /** The steps that ran for {@code store}, in order. */
    protected List<String> stepsOf(String store) {
        synchronized (steps) {
            return steps.stream().filter(s -> s.endsWith(":" + store)).map(s -> s.substring(0, s.indexOf(':')))
                    .toList();
        }
    }
}
