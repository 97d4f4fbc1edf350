package io.snapdock.repo.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.snapdock.SnapdockException;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.model.Json;
import io.snapdock.repo.backend.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A lock kept in the repository itself, so it holds across processes and hosts (a CLI prune next
 * to a serving instance): {@code locks/<random>.json} = {pid, host, kind, exclusive, created,
 * refreshed}. Every writer (a backup, a restore's safety snapshot) holds a shared lock for its whole
 * run; the garbage collection holds an exclusive one. Taking a lock writes the file first, then
 * looks at the others: a conflicting lock that is not stale (refreshed within
 * {@code snapdock.lock.stale-minutes}) makes the taker withdraw its file and try again, up to
 * {@code snapdock.lock.wait-minutes}. Writing before looking means two takers can never both
 * miss each other. A held lock is refreshed in the background every quarter of the stale time.
 */
public final class RepositoryLock implements AutoCloseable {

    public static final String ROOT = "locks/";
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryLock.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Stale: not refreshed for {@code stale}; a taker waits at most {@code waitAtMost} for a conflicting lock to go. */
    public record Settings(Duration stale, Duration waitAtMost) {

        public static Settings from(SnapdockConfig config) {
            return new Settings(Duration.ofMinutes(config.integer("snapdock.lock.stale-minutes", 1, 100_000)),
                    config.seconds("snapdock.lock.wait-seconds", 0, 1_000_000));
        }

        Duration refreshEvery() {
            return Duration.ofMillis(Math.max(1000, stale.toMillis() / 4));
        }
    }

    /** The content of a lock file. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Info {
        public long pid;
        public String host;
        public String kind;
        public boolean exclusive;
        public String created;
        public String refreshed;

        @Override
        public String toString() {
            return (exclusive ? "an exclusive " : "a shared ") + "lock of a " + kind + " (pid " + pid + " on " + host
                    + ", since " + created + ")";
        }
    }

    private final Repository repo;
    private final String key;
    private final Info info;
    private ScheduledExecutorService refresher;

    private RepositoryLock(Repository repo, String key, Info info) {
        this.repo = repo;
        this.key = key;
        this.info = info;
    }

    /** A writer's lock: many may be held at once, never beside an exclusive one. */
    public static RepositoryLock shared(Repository repo, String kind, Settings settings) {
        return take(repo, kind, false, settings);
    }

    /** The garbage collection's lock: held alone. */
    public static RepositoryLock exclusive(Repository repo, String kind, Settings settings) {
        return take(repo, kind, true, settings);
    }

    private static RepositoryLock take(Repository repo, String kind, boolean exclusive, Settings settings) {
        Info info = new Info();
        info.pid = ProcessHandle.current().pid();
        info.host = host();
        info.kind = kind;
        info.exclusive = exclusive;
        info.created = Instant.now().toString();
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        String name = HexFormat.of().formatHex(id) + ".json";
        RepositoryLock lock = new RepositoryLock(repo, ROOT + name, info);
        Instant deadline = Instant.now().plus(settings.waitAtMost());
        long pause = 200;
        try {
            while (true) {
                lock.write();
                Info conflict = conflict(repo, name, exclusive, settings.stale());
                if (conflict == null) {
                    lock.startRefreshing(settings.refreshEvery());
                    return lock;
                }
                repo.delete(lock.key);
                if (!Instant.now().isBefore(deadline)) {
                    throw SnapdockException.conflict("repository " + repo.describe() + " is locked by " + conflict
                            + "; waited " + settings.waitAtMost().toSeconds()
                            + " s (snapdock.lock.wait-seconds); nothing was changed");
                }
                // A random pause, so a writer and a collector backing off from each other do not retry in step.
                Thread.sleep(pause + RANDOM.nextInt((int) pause));
                pause = Math.min(pause * 2, 5000);
            }
        } catch (IOException e) {
            lock.release();
            throw SnapdockException
                    .unavailable("repository " + repo.describe() + ": cannot take its lock: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lock.release();
            throw SnapdockException.failed("interrupted while waiting for the repository lock");
        }
    }

    /** A live lock that conflicts with taking ours, or null. Stale ones are ignored. */
    private static Info conflict(Repository repo, String own, boolean exclusive, Duration stale) throws IOException {
        for (Info other : others(repo, own, stale, false)) {
            if (exclusive || other.exclusive) {
                return other;
            }
        }
        return null;
    }

    /** The lock files other than {@code own}; {@code stale}: only the stale ones, else only the live ones. */
    static List<Info> others(Repository repo, String own, Duration stale, boolean wantStale) throws IOException {
        List<Info> out = new ArrayList<>();
        Instant cutoff = Instant.now().minus(stale);
        for (String name : repo.children(ROOT)) {
            if (name.equals(own)) {
                continue;
            }
            Info other = read(repo, ROOT + name);
            if (other == null) {
                continue;
            }
            boolean isStale = Instant.parse(other.refreshed).isBefore(cutoff);
            if (isStale == wantStale) {
                out.add(other);
            }
        }
        return out;
    }

    /** A lock file; unreadable (being replaced, say): judged by when it was written. Null when gone. */
    private static Info read(Repository repo, String key) throws IOException {
        try (InputStream in = repo.open(key)) {
            Info i = Json.MAPPER.readValue(in, Info.class);
            if (i.refreshed == null) {
                i.refreshed = i.created != null ? i.created : repo.modified(key).toString();
            }
            return i;
        } catch (NoSuchFileException e) {
            return null;
        } catch (com.fasterxml.jackson.core.JacksonException | java.time.format.DateTimeParseException e) {
            Info i = new Info();
            i.kind = "unknown (unreadable lock file " + key + ")";
            try {
                i.refreshed = repo.modified(key).toString();
            } catch (NoSuchFileException gone) {
                return null;
            }
            return i;
        }
    }

    private synchronized void write() throws IOException {
        info.refreshed = Instant.now().toString();
        repo.put(key, Json.write(info).getBytes(StandardCharsets.UTF_8));
    }

    private void startRefreshing(Duration every) {
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "snapdock-lock-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(() -> {
            try {
                write();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not refresh repository lock {}: {}", key, e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The lock file's key, for messages and tests. */
    public String key() {
        return key;
    }

    private void release() {
        if (refresher != null) {
            refresher.shutdownNow();
            try {
                refresher.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            repo.delete(key);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not remove repository lock {} (it goes stale on its own): {}", key, e.toString());
        }
    }

    @Override
    public void close() {
        release();
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }
}
