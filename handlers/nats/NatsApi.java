package io.snapdock.handlers.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.handlers.StoreContext;
import io.snapdock.model.Json;
import io.snapdock.model.StoreSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The NATS connection and the JetStream API calls Snapdock makes: JSON requests, their answers
 * (an {@code error} in one is thrown), stream names, info and deletion.
 */
final class NatsApi {

    private static final Logger LOG = LoggerFactory.getLogger(NatsHandler.class);
    static final int DEFAULT_PORT = 4222;
    private static final Duration API_TIMEOUT = Duration.ofSeconds(30);

    private NatsApi() {
    }

    /**
     * {@code nats://HOST:PORT}: the configured host, else {@code containerAddress}; the store's port,
     * else 4222. IPv6 addresses are bracketed.
     */
    static String serverUrl(StoreSpec spec, String containerAddress) {
        String host = spec.host() != null ? spec.host() : containerAddress;
        if (host == null || host.isBlank()) {
            throw SnapdockException.badInput("store '" + spec.name() + "' has no address: set snapdock.stores."
                    + spec.name() + ".host (its container has no IP address on any network)");
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "nats://" + host + ":" + (spec.port() != null ? spec.port() : DEFAULT_PORT);
    }

    /** Connection options: no reconnect (a snapshot cannot survive one), credentials never in the URL. */
    static Options options(StoreSpec spec, String url) {
        Options.Builder b = new Options.Builder()
                .server(url)
                .connectionName("snapdock")
                .connectionTimeout(Duration.ofSeconds(10))
                .noReconnect()
                .errorListener(new QuietErrors(spec.name()));
        String token = spec.option("token", null);
        if (token != null) {
            b.token(token.toCharArray());
        } else if (spec.user() != null) {
            b.userInfo(spec.user(), spec.password() != null ? spec.password() : "");
        }
        return b.build();
    }

    static Connection connect(StoreContext ctx) throws IOException {
        StoreSpec spec = ctx.spec();
        String url = serverUrl(spec, spec.host() == null ? ctx.containerAddress() : null);
        try {
            return Nats.connect(options(spec, url));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + url);
        } catch (IOException | RuntimeException e) {
            throw SnapdockException.unavailable("NATS server of store " + spec.name() + " at " + url
                    + " is unreachable: " + Secrets.redact(SnapdockException.rootMessage(e)), e);
        }
    }

    /** jnats reports asynchronous errors here; they end up in Snapdock's log, redacted. */
    private record QuietErrors(String store) implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.warn("NATS store {}: {}", store, Secrets.redact(error));
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.debug("NATS store {}: {}", store, Secrets.redact(SnapdockException.rootMessage(exp)));
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            LOG.warn("NATS store {}: slow consumer, messages were dropped", store);
        }
    }

    /** One request with its reply; a timeout or "no responders" is an error naming {@code what}. */
    static Message request(Connection nc, String subject, byte[] body, Duration timeout,
                           String what) throws IOException {
        try {
            Message m = nc.requestWithTimeout(subject, body, timeout).get(timeout.toMillis() + 5_000,
                    TimeUnit.MILLISECONDS);
            if (m == null) {
                throw SnapdockException.failed(what + ": no answer within " + timeout.toSeconds() + " s");
            }
            if (m.isStatusMessage() && m.getStatus().isNoResponders()) {
                throw SnapdockException.failed(what + ": nobody answers on " + subject + " (is JetStream enabled?)");
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted: " + what);
        } catch (TimeoutException e) {
            throw SnapdockException.failed(what + ": no answer within " + timeout.toSeconds() + " s");
        } catch (CancellationException e) {
            throw SnapdockException.failed(what + ": nobody answers on " + subject + " (is JetStream enabled?)");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            if (c instanceof TimeoutException) {
                throw SnapdockException.failed(what + ": no answer within " + timeout.toSeconds() + " s");
            }
            throw SnapdockException.failed(what + ": " + Secrets.redact(SnapdockException.rootMessage(c)));
        } catch (IllegalStateException e) {
            throw SnapdockException.failed(what + ": " + Secrets.redact(SnapdockException.rootMessage(e)));
        }
    }

    /** A JetStream API call: JSON in, JSON out; an {@code error} in the answer is thrown. */
    static JsonNode api(Connection nc, String subject, JsonNode body, String what) throws IOException {
        byte[] payload = body == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(body);
        Message m = request(nc, subject, payload, API_TIMEOUT, what);
        return apiAnswer(m.getData(), what);
    }

    /** Parses a JetStream API answer; throws its error as one line. */
    static JsonNode apiAnswer(byte[] data, String what) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(data == null ? new byte[0] : data);
        } catch (IOException e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            String text = data == null ? "" : new String(data, StandardCharsets.UTF_8).strip();
            throw SnapdockException.failed(what + ": unexpected answer '" + Secrets.redact(abbreviate(text)) + "'");
        }
        JsonNode err = n.get("error");
        if (err != null && !err.isNull()) {
            String desc = err.path("description").asText("unknown error");
            int errCode = err.path("err_code").asInt(0);
            throw SnapdockException
                    .failed(what + ": " + Secrets.redact(desc) + (errCode > 0 ? " (err_code " + errCode + ")" : ""));
        }
        return n;
    }

    static String subjectToken(String stream) {
        // Stream names cannot hold '.', '*', '>' or whitespace (the server refuses them); be sure anyway.
        if (stream == null || stream.isEmpty()
                || stream.chars().anyMatch(c -> c == '.' || c == '*' || c == '>' || c <= ' ')) {
            throw SnapdockException.failed("invalid stream name '" + stream + "'");
        }
        return stream;
    }

    static List<String> streamNames(Connection nc) throws IOException {
        List<String> names = new ArrayList<>();
        int offset = 0;
        while (true) {
            ObjectNode req = Json.MAPPER.createObjectNode().put("offset", offset);
            JsonNode page = api(nc, "$JS.API.STREAM.NAMES", req, "listing streams");
            JsonNode streams = page.path("streams");
            if (streams.isArray()) {
                streams.forEach(s -> names.add(s.asText()));
            }
            int got = streams.isArray() ? streams.size() : 0;
            offset += got;
            if (got == 0 || offset >= page.path("total").asInt(0)) {
                break;
            }
        }
        names.sort(null);
        return names;
    }

    static JsonNode streamInfo(Connection nc, String stream) throws IOException {
        return api(nc, "$JS.API.STREAM.INFO." + subjectToken(stream), null, "stream info of " + stream);
    }

    static boolean streamExists(Connection nc, String stream) throws IOException {
        return streamNames(nc).contains(stream);
    }

    static void deleteStream(Connection nc, String stream) throws IOException {
        api(nc, "$JS.API.STREAM.DELETE." + subjectToken(stream), null, "deleting stream " + stream);
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }
}
