package io.snapdock.testsupport;

import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamGroupInfo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Redis container from the project's test image (docker/test-images/redis: Debian's
 * redis-server 7.0, append-only file on, settings on the command line), labelled the way an
 * operator would label it, plus helpers to seed it with every value type and to fingerprint
 * its whole content (every key of every database: type, content, expiry).
 */
public final class RedisStore implements AutoCloseable {

    public static final String IMAGE = "snapdock-test/redis:latest";

    private final GenericContainer<?> container;
    private final int port;
    private final String password;

    private RedisStore(GenericContainer<?> container, int port, String password) {
        this.container = container;
        this.port = port;
        this.password = password;
    }

    /** Starts a container labelled snapdock.type=redis in compose project {@code project} as service {@code service}. */
    public static RedisStore startLabelled(String project, String service, Map<String, String> extraLabels) {
        return start(project, service, extraLabels, 6379, null);
    }

    /**
     * Starts one listening on {@code port} (label snapdock.port when not 6379) and, when
     * {@code password} is not null, requiring it; {@code extraLabels} win over the defaults.
     */
    public static RedisStore start(String project, String service, Map<String, String> extraLabels, int port,
                                   String password) {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--bind", "0.0.0.0", "--protected-mode", "no",
                "--dir", "/data", "--appendonly", "yes", "--port", String.valueOf(port)));
        if (password != null) {
            cmd.add("--requirepass");
            cmd.add(password);
        }
        Map<String, String> labels = new java.util.HashMap<>(extraLabels);
        if (port != 6379) {
            labels.putIfAbsent("snapdock.port", String.valueOf(port));
        }
        GenericContainer<?> c = LocalImage.store(IMAGE, "redis", project, service, labels, port,
                ".*Ready to accept connections.*", Duration.ofSeconds(60))
                .withCommand(cmd.toArray(String[]::new));
        c.start();
        return new RedisStore(c, port, password);
    }

    public GenericContainer<?> container() {
        return container;
    }

    public String containerId() {
        return container.getContainerId();
    }

    /** A new connection; the published port is looked up each time (a restart publishes another one). */
    public Jedis connect() {
        var bindings = container.getCurrentContainerInfo().getNetworkSettings().getPorts().getBindings()
                .get(com.github.dockerjava.api.model.ExposedPort.tcp(port));
        int hostPort = Integer.parseInt(bindings[0].getHostPortSpec());
        var config = DefaultJedisClientConfig.builder().password(password).timeoutMillis(10_000).build();
        return new Jedis(new HostAndPort(container.getHost(), hostPort), config);
    }

    /**
     * Every value type in its small and large encodings, a stream with a consumer group and
     * pending entries, binary and integer strings, expiries hours away, a second database:
     * a few thousand keys.
     */
    public void seed(int strings) {
        long now = System.currentTimeMillis();
        try (Jedis j = connect()) {
            Pipeline p = j.pipelined();
            for (int i = 0; i < strings; i++) {
                p.set("user:" + i, "name-" + i + "-" + "x".repeat(i % 50));
            }
            for (int i = 0; i < 200; i++) {
                String key = "session:" + i;
                p.hset(key, Map.of("user", "user:" + i, "ip", "10.0." + (i / 250) + "." + (i % 250), "n",
                        String.valueOf(i)));
                p.expire(key, 3600L * (1 + i % 6));                   // 1 to 6 hours
            }
            for (int i = 0; i < 100; i++) {
                p.set("token:" + i, "t" + i);
                p.pexpireAt("token:" + i, now + Duration.ofHours(2).toMillis() + i * 1234L);
            }
            p.sync();

            byte[] blob = new byte[256];
            for (int i = 0; i < blob.length; i++) {
                blob[i] = (byte) i;
            }
            j.set("bin:blob".getBytes(StandardCharsets.UTF_8), blob);
            j.incrBy("counter", 424242);
            j.set("big:text", "lorem ipsum ".repeat(10_000));

            Map<String, String> catalog = new TreeMap<>();
            for (int i = 0; i < 1000; i++) {
                catalog.put("sku-" + i, "{\"price\": " + (i * 7 % 991) + "}");
            }
            j.hset("catalog", catalog);                                 // hashtable encoding
            j.rpush("queue:small", "a", "b", "c", "b", "a");
            for (int i = 0; i < 5000; i += 500) {
                String[] chunk = new String[500];
                for (int k = 0; k < 500; k++) {
                    chunk[k] = "job-" + (i + k);
                }
                j.rpush("queue:big", chunk);                            // quicklist
            }
            String[] ints = new String[100];
            for (int i = 0; i < 100; i++) {
                ints[i] = String.valueOf(i * 3);
            }
            j.sadd("tags:ints", ints);                                  // intset
            String[] words = new String[500];
            for (int i = 0; i < 500; i++) {
                words[i] = "word-" + Integer.toHexString(i * 2654435);
            }
            j.sadd("tags:words", words);                                // hashtable
            j.zadd("scores:small", Map.of("ann", 1.5, "bob", -2.25, "cy", 1e10));
            Map<String, Double> board = new TreeMap<>();
            for (int i = 0; i < 1000; i++) {
                board.put("player-" + i, (i * 37 % 1009) / 7.0);
            }
            j.zadd("scores:board", board);                              // skiplist
            j.expire("scores:board", 3 * 3600L);

            for (int i = 0; i < 500; i++) {
                j.xadd("events", StreamEntryID.NEW_ENTRY, Map.of("kind", "k" + (i % 7), "n", String.valueOf(i)));
            }
            j.xgroupCreate("events", "workers", new StreamEntryID(0, 0), false);
            j.xreadGroup("workers", "w1", XReadGroupParams.xReadGroupParams().count(100),
                    Map.of("events", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            List<StreamEntry> first = j.xrange("events", "-", "+", 40);
            j.xack("events", "workers", first.stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));

            j.select(1);
            for (int i = 0; i < 25; i++) {
                j.set("other-db:" + i, "v" + i);
            }
            j.hset("other-db:hash", "f", "v");
            j.expire("other-db:hash", 5 * 3600L);
            j.select(0);
        }
    }

    /** Writes that a restore must undo: everything flushed, then other keys (in two databases). */
    public void damage() {
        try (Jedis j = connect()) {
            j.flushAll();
            j.set("written-after-the-backup", "stale");
            j.rpush("queue:big", "only-this");
            j.select(2);
            j.set("stray", "x");
        }
    }

    /**
     * Everything that must come back identical, as comparable text: per database and key its
     * type, its content (independent of DUMP's encoding) and its absolute expiry time in
     * milliseconds (exact: the RDB stores it; a relative TTL would drift while the test runs).
     */
    public Map<String, String> fingerprint() {
        Map<String, String> fp = new TreeMap<>();
        try (Jedis j = connect()) {
            for (int db = 0; db < 16; db++) {
                j.select(db);
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = j.scan(cursor, new ScanParams().count(1000));
                    for (String key : page.getResult()) {
                        fp.put("db" + db + ":" + key, describe(j, key));
                    }
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            }
            j.select(0);
        }
        return fp;
    }

    private static String describe(Jedis j, String key) {
        String type = j.type(key);
        String content = switch (type) {
            case "string" -> Base64.getEncoder().encodeToString(j.get(key.getBytes(StandardCharsets.UTF_8)));
            case "hash" -> new TreeMap<>(j.hgetAll(key)).toString();
            case "list" -> j.lrange(key, 0, -1).toString();
            case "set" -> new TreeSet<>(j.smembers(key)).toString();
            case "zset" -> j.zrangeWithScores(key, 0, -1).stream().map(t -> t.getElement() + "=" + t.getScore())
                    .toList().toString();
            case "stream" -> streamContent(j, key);
            default -> "?";
        };
        long expireAt = j.pexpireTime(key);
        return type + " expireAt=" + (expireAt < 0 ? "none" : String.valueOf(expireAt)) + " " + shorten(content);
    }

    private static String streamContent(Jedis j, String key) {
        StringBuilder sb = new StringBuilder();
        for (StreamEntry e : j.xrange(key, "-", "+")) {
            sb.append(e.getID()).append(new TreeMap<>(e.getFields())).append(';');
        }
        for (StreamGroupInfo g : j.xinfoGroups(key)) {
            sb.append(" group ").append(g.getName()).append(" consumers=").append(g.getConsumers())
                    .append(" pending=").append(g.getPending()).append(" last=").append(g.getLastDeliveredId());
        }
        return sb.toString();
    }

    private static String shorten(String s) {
        if (s.length() <= 300) {
            return s;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return s.substring(0, 80) + "… (" + s.length() + " chars, sha256 " + HexFormat.of().formatHex(d, 0, 8)
                    + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CONFIG GET value. */
    public String config(String parameter) {
        try (Jedis j = connect()) {
            return j.configGet(parameter).get(parameter);
        }
    }

    /** One INFO field, e.g. info("persistence", "aof_enabled"). */
    public String info(String section, String field) {
        try (Jedis j = connect()) {
            for (String line : j.info(section).split("\r?\n")) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1).strip();
                }
            }
            return null;
        }
    }

    public boolean answers() {
        try (Jedis j = connect()) {
            return "PONG".equals(j.ping()) && "0".equals(info("persistence", "loading"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        container.stop();
    }
}
