package io.snapdock.docker;

import com.fasterxml.jackson.core.type.TypeReference;
import io.snapdock.model.Json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable list of containers Snapdock has stopped and not yet started again
 * ({@code <state-dir>/stopped-containers.json}). An entry is written and flushed to disk
 * BEFORE the container is stopped and removed only once it runs again, so a Snapdock killed
 * in between finds it at its next start and starts it. Several Snapdock processes may share
 * the folder: every change happens under a file lock.
 */
public final class StopJournal {

    /** One stopped container, and the Snapdock process (pid on host) that stopped it. */
    public record Entry(String id, String name, String store, String run, String stoppedAt, long pid, String host) {

        /** True while the process that stopped the container still runs: it will start it itself. */
        public boolean ownerAlive() {
            return host().equals(io.snapdock.model.Host.NAME) && pid() != ProcessHandle.current().pid()
                    && ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    private final Path file;
    private final Path lockFile;

    public StopJournal(Path stateDir) {
        this.file = stateDir.resolve("stopped-containers.json");
        this.lockFile = stateDir.resolve("stopped-containers.lock");
    }

    public Path file() {
        return file;
    }

    public void add(String id, String name, String store, String run) throws IOException {
        update(entries -> {
            entries.removeIf(e -> e.id().equals(id));
            entries.add(new Entry(id, name, store, run, Instant.now().toString(), ProcessHandle.current().pid(),
                    io.snapdock.model.Host.NAME));
        });
    }

    public void remove(String id) throws IOException {
        update(entries -> entries.removeIf(e -> e.id().equals(id)));
    }

    public List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        update(out::addAll);
        return out;
    }

    private interface Change {
        void apply(List<Entry> entries);
    }

    private synchronized void update(Change change) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockChannel.lock()) {
            List<Entry> entries = read();
            int before = entries.hashCode();
            change.apply(entries);
            if (entries.hashCode() != before) {
                write(entries);
            }
        }
    }

    private List<Entry> read() throws IOException {
        if (!Files.exists(file)) {
            return new ArrayList<>();
        }
        return new ArrayList<>(Json.MAPPER.readValue(file.toFile(), new TypeReference<List<Entry>>() {
        }));
    }

    /** Temp file, fsync, atomic rename, fsync of the folder: the journal is never half written. */
    private void write(List<Entry> entries) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(entries)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // not every file system lets a folder be synced; the rename is atomic regardless
        }
    }
}
