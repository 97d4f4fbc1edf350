package io.snapdock.notify;

import io.snapdock.config.Secrets;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.model.Json;
import io.snapdock.model.Run;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * POSTs a JSON summary of a run that ended to {@code snapdock.notify.webhook-url}: failed runs
 * always, succeeded ones with {@code snapdock.notify.on-success=true}. Each attempt has a timeout;
 * a failed attempt (no answer, or not 2xx) is retried with a growing pause. Whatever happens to
 * the webhook is logged and never changes the run's outcome. The summary carries names, statuses
 * and redacted error messages only: never a credential (and the URL, which may hold a token, is
 * itself treated as a secret).
 */
public final class WebhookNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    private final URI url;
    private final boolean onSuccess;
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    /** Built at the first notification: a command that never sends one (or only checks the settings) starts no client. */
    private HttpClient http;

    public WebhookNotifier(String url, boolean onSuccess, Duration timeout, int retries, Duration backoff) {
        this.url = url == null ? null : parse(url);
        this.onSuccess = onSuccess;
        this.timeout = timeout;
        this.retries = retries;
        this.backoff = backoff;
        Secrets.register(url);
    }

    private static URI parse(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw io.snapdock.SnapdockException
                    .badInput("invalid configuration snapdock.notify.webhook-url: not a URL");
        }
    }

    public static WebhookNotifier from(SnapdockConfig config) {
        return new WebhookNotifier(config.get("snapdock.notify.webhook-url"),
                config.flag("snapdock.notify.on-success"),
                config.seconds("snapdock.notify.timeout-seconds", 1, 300),
                config.integer("snapdock.notify.retries", 0, 20),
                Duration.ofMillis(config.integer("snapdock.notify.backoff-ms", 0, 600_000)));
    }

    /** Checks the notify.* settings (ConfigCheck): an http(s) URL, numbers in range. */
    public static void check(SnapdockConfig config) {
        String url = config.get("snapdock.notify.webhook-url");
        if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
            // The value may hold a token: name the property, not the value.
            throw io.snapdock.SnapdockException
                    .badInput("invalid configuration snapdock.notify.webhook-url: expected an http:// or https:// URL");
        }
        from(config);
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(timeout).build();
        }
        return http;
    }

    public boolean wants(Run run) {
        return url != null && (run.status == Run.Status.failed || replicaFailed(run)
                || (onSuccess && run.status != Run.Status.queued));
    }

    /** A run that succeeded but could not copy its snapshot to the replica is reported too. */
    static boolean replicaFailed(Run run) {
        return run.replica != null && run.replica.status == io.snapdock.model.ReplicaStatus.State.failed;
    }

    /** Sends the summary if this run is one to report; returns whether a webhook accepted it. Never throws. */
    public boolean runEnded(Run run) {
        if (!wants(run)) {
            return false;
        }
        try {
            String body = Secrets.redact(Json.write(summary(run)));
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "snapdock/" + io.snapdock.model.Version.current())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            for (int attempt = 0; attempt <= retries; attempt++) {
                if (attempt > 0) {
                    Thread.sleep(backoff.toMillis() * (1L << Math.min(attempt - 1, 6)));
                }
                try {
                    HttpResponse<Void> r = http().send(request, HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() / 100 == 2) {
                        return true;
                    }
                    LOG.warn("Webhook answered {} for run {} (attempt {} of {})", r.statusCode(), run.id, attempt + 1,
                            retries + 1);
                } catch (java.io.IOException e) {
                    LOG.warn("Webhook unreachable for run {} (attempt {} of {}): {}", run.id, attempt + 1, retries + 1,
                            Secrets.redact(e.toString()));
                }
            }
            LOG.error("Webhook notification for run {} gave up after {} attempts", run.id, retries + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Webhook notification for run {} failed: {}", run.id,
                    Secrets.redact(String.valueOf(e.getMessage())));
        }
        return false;
    }

    /** What the webhook receives. */
    public static Map<String, Object> summary(Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", run.status == Run.Status.succeeded && replicaFailed(run) ? "run.replica_failed"
                : "run." + run.status.name());
        m.put("service", "snapdock");
        m.put("id", run.id);
        m.put("kind", run.kind);
        m.put("trigger", run.trigger);
        m.put("status", run.status.name());
        m.put("startedAt", run.startedAt);
        m.put("finishedAt", run.finishedAt);
        if (run.stamp != null) {
            m.put("stamp", run.stamp);
        }
        if (run.error != null) {
            m.put("error", run.error);
        }
        if (run.rowsDeleted != null) {
            m.put("rowsDeleted", run.rowsDeleted);
        }
        if (run.bytes != null) {
            m.put("bytes", run.bytes);
        }
        List<Map<String, Object>> items = new ArrayList<>();
        synchronized (run.stores) {
            for (Run.Item r : run.stores) {
                Map<String, Object> i = new LinkedHashMap<>();
                i.put("name", r.name);
                i.put("status", String.valueOf(r.status));
                if (r.error != null) {
                    i.put("error", r.error);
                }
                if (r.rows != null) {
                    i.put("rows", r.rows);
                }
                items.add(i);
            }
        }
        m.put("items", items);
        if (run.replica != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("status", String.valueOf(run.replica.status));
            r.put("location", run.replica.location);
            if (run.replica.error != null) {
                r.put("error", run.replica.error);
            }
            m.put("replica", r);
        }
        m.put("href", "/api/runs/" + run.id);
        return m;
    }
}
