package io.snapdock.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Snapdock's own meters. Values are kept here and read by the registry on each scrape, so a value
 * recorded before the registry exists (or in a CLI process, which has none) is never lost, and a
 * meter is registered once whatever order things happen in. Names follow Micrometer's dotted
 * style; Prometheus shows {@code snapdock.backup.bytes} as {@code snapdock_backup_bytes}.
 */
public final class SnapdockMetrics {

    private record Key(String name, String description, String unit, Tags tags) {
    }

    private final Map<Key, Value> gauges = new ConcurrentHashMap<>();
    private final Map<Key, DoubleAdder> counters = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    /** A value a gauge reads; NaN until it is first set (Prometheus shows NaN: never happened). */
    public static final class Value {
        private volatile double value = Double.NaN;

        public void set(double v) {
            value = v;
        }

        public double get() {
            return value;
        }
    }

    /** From now on every meter (existing and new) is exposed through {@code meterRegistry}. */
    public synchronized void bindTo(MeterRegistry meterRegistry) {
        this.registry = Objects.requireNonNull(meterRegistry);
        gauges.forEach(this::register);
        counters.forEach(this::register);
    }

    /**
     * The gauge {@code name} with {@code tags} (key, value, key, value …), created on first use.
     * For other parts of Snapdock too: e.g. maintenance sets rows deleted per table here.
     */
    public Value gauge(String name, String description, String unit, String... tags) {
        Key key = new Key(name, description, unit, Tags.of(tags));
        Value created = new Value();
        Value existing = gauges.putIfAbsent(key, created);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            if (registry != null) {
                register(key, created);
            }
        }
        return created;
    }

    /** Adds {@code amount} to the counter {@code name} with {@code tags}, created on first use. */
    public void count(String name, String description, double amount, String... tags) {
        Key key = new Key(name, description, null, Tags.of(tags));
        DoubleAdder adder = counters.get(key);
        if (adder == null) {
            DoubleAdder created = new DoubleAdder();
            adder = counters.putIfAbsent(key, created);
            if (adder == null) {
                adder = created;
                synchronized (this) {
                    if (registry != null) {
                        register(key, created);
                    }
                }
            }
        }
        adder.add(amount);
    }

    /** The current value of a gauge, or NaN when it was never set (for tests and the health check). */
    public double value(String name, String... tags) {
        Tags wanted = Tags.of(tags);
        return gauges.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().tags().equals(wanted))
                .mapToDouble(e -> e.getValue().get()).findFirst().orElse(Double.NaN);
    }

    /** The current value of a counter, or 0. */
    public double counted(String name, String... tags) {
        Tags wanted = Tags.of(tags);
        return counters.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().tags().equals(wanted))
                .mapToDouble(e -> e.getValue().sum()).findFirst().orElse(0);
    }

    private void register(Key key, Value value) {
        Gauge.builder(key.name(), value, Value::get).description(key.description()).baseUnit(key.unit())
                .tags(key.tags()).strongReference(true).register(registry);
    }

    private void register(Key key, DoubleAdder adder) {
        FunctionCounter.builder(key.name(), adder, DoubleAdder::sum).description(key.description())
                .tags(key.tags()).register(registry);
    }
}
