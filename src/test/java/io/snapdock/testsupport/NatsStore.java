package io.snapdock.testsupport;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A NATS JetStream container from the project's test image (docker/test-images/nats), labelled
 * the way an operator would label it, plus helpers to seed streams and to fingerprint every
 * stream: its subjects, its message count and sequence range, a hash over every message
 * (sequence, subject, headers, data), and its durable consumers' ack floors.
 */
public final class NatsStore implements AutoCloseable {

    public static final String IMAGE = "snapdock-test/nats:latest";

    private final GenericContainer<?> container;

    private NatsStore(GenericContainer<?> container) {
        this.container = container;
    }

    /** Starts a container labelled snapdock.type=nats in compose project {@code project} as service {@code service}. */
    public static NatsStore startLabelled(String project, String service, Map<String, String> extraLabels) {
        GenericContainer<?> c = LocalImage.store(IMAGE, "nats", project, service, extraLabels, 4222,
                ".*Server is ready.*", Duration.ofSeconds(60));
        c.start();
        return new NatsStore(c);
    }

    public GenericContainer<?> container() {
        return container;
    }

    public String host() {
        return container.getHost();
    }

    /** The published port, looked up each time: a restarted container may be published on another one. */
    public int port() {
        return Ports.published(container, 4222);
    }

    public Connection connect() throws IOException, InterruptedException {
        return Nats.connect(new Options.Builder().server("nats://" + host() + ":" + port())
                .connectionTimeout(Duration.ofSeconds(10)).build());
    }

    /**
     * ORDERS (orders.>, 3000 messages on six subjects, every third with headers, a durable consumer
     * that acked the first 500) and EVENTS (events.* and audit.>, 2000 random binary messages,
     * about 1.4 MB, so its snapshot and its restore take a dozen chunks each, a few
     * deleted in the middle so its sequence has gaps), plus CACHE (cache.>, memory storage, 5
     * messages: the server cannot snapshot it).
     */
    public void seed() throws Exception {
        try (Connection nc = connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            JetStream js = nc.jetStream();
            jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>")
                    .storageType(StorageType.File).description("orders of the shop").build());
            jsm.addStream(StreamConfiguration.builder().name("EVENTS").subjects("events.*", "audit.>")
                    .storageType(StorageType.File).maxMessagesPerSubject(10_000).build());
            String[] regions = {"eu", "us", "apac"};
            String[] kinds = {"created", "shipped"};
            for (int i = 1; i <= 3000; i++) {
                String subject = "orders." + regions[i % 3] + "." + kinds[i % 2];
                byte[] data = ("{\"order\":" + i + ",\"total\":" + (i % 997) / 3.0 + "}")
                        .getBytes(StandardCharsets.UTF_8);
                if (i % 3 == 0) {
                    Headers h = new Headers().add("trace-id", "t-" + i).add("tags", "a", "b" + (i % 5));
                    js.publish(subject, h, data);
                } else {
                    js.publish(subject, data);
                }
            }
            for (int i = 1; i <= 2000; i++) {
                String subject = i % 4 == 0 ? "audit.user." + (i % 13) : "events." + (i % 7);
                byte[] data = new byte[200 + i % 1000];   // random, so the snapshot spans many chunks
                new java.util.Random(i).nextBytes(data);
                if (i % 5 == 0) {
                    js.publish(subject, new Headers().add("source", "sensor-" + (i % 11)), data);
                } else {
                    js.publish(subject, data);
                }
            }
            jsm.addStream(StreamConfiguration.builder().name("CACHE").subjects("cache.>")
                    .storageType(StorageType.Memory).build());
            for (int i = 1; i <= 5; i++) {
                js.publish("cache.k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
            }
            for (long seq : new long[]{10, 11, 500, 1999}) {
                jsm.deleteMessage("EVENTS", seq);
            }
            jsm.addOrUpdateConsumer("ORDERS", ConsumerConfiguration.builder().durable("shipping")
                    .ackPolicy(AckPolicy.Explicit).filterSubject("orders.>").build());
            JetStreamSubscription sub = js.subscribe("orders.>", PullSubscribeOptions.bind("ORDERS", "shipping"));
            int acked = 0;
            while (acked < 500) {
                for (Message m : sub.fetch(Math.min(100, 500 - acked), Duration.ofSeconds(5))) {
                    m.ackSync(Duration.ofSeconds(5));
                    acked++;
                }
            }
            sub.unsubscribe();
        }
    }

    /** Everything that must come back identical after a restore, as comparable text. */
    public Map<String, String> fingerprint() throws Exception {
        Map<String, String> fp = new TreeMap<>();
        try (Connection nc = connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            for (String stream : new TreeSet<>(jsm.getStreamNames())) {
                StreamInfo info = jsm.getStreamInfo(stream);
                var state = info.getStreamState();
                fp.put(stream + ".subjects", String.join(",", info.getConfiguration().getSubjects()));
                fp.put(stream + ".messages", state.getMsgCount() + " msgs, seq " + state.getFirstSequence() + ".."
                        + state.getLastSequence());
                fp.put(stream + ".hash",
                        hash(jsm, stream, state.getFirstSequence(), state.getLastSequence(), state.getMsgCount()));
                List<String> consumers = new ArrayList<>();
                for (ConsumerInfo ci : jsm.getConsumers(stream)) {
                    consumers.add(ci.getName() + " ack_floor=" + ci.getAckFloor().getStreamSequence()
                            + " delivered=" + ci.getDelivered().getStreamSequence());
                }
                consumers.sort(null);
                fp.put(stream + ".consumers", String.join(";", consumers));
            }
        }
        return fp;
    }

    private static String hash(JetStreamManagement jsm, String stream, long first, long last,
                               long count) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long seen = 0;
        if (count > 0) {
            for (long seq = first; seq <= last; seq++) {
                MessageInfo m;
                try {
                    m = jsm.getMessage(stream, seq);
                } catch (JetStreamApiException deleted) {
                    continue;
                }
                seen++;
                sha.update((m.getSeq() + "|" + m.getSubject() + "|").getBytes(StandardCharsets.UTF_8));
                Headers h = m.getHeaders();
                if (h != null) {
                    for (String k : new TreeSet<>(h.keySet())) {
                        sha.update((k + "=" + String.join(",", h.get(k)) + ";").getBytes(StandardCharsets.UTF_8));
                    }
                }
                sha.update((byte) '|');
                sha.update(m.getData() == null ? new byte[0] : m.getData());
                sha.update((byte) '\n');
            }
        }
        return seen + ":" + HexFormat.of().formatHex(sha.digest());
    }

    public void deleteStream(String stream) throws Exception {
        try (Connection nc = connect()) {
            nc.jetStreamManagement().deleteStream(stream);
        }
    }

    public void purgeStream(String stream) throws Exception {
        try (Connection nc = connect()) {
            nc.jetStreamManagement().purgeStream(stream);
        }
    }

    public void publish(String subject, String data) throws Exception {
        try (Connection nc = connect()) {
            nc.jetStream().publish(subject, data.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        container.stop();
    }
}
