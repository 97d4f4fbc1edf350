package io.snapdock.repo.backend;

import io.snapdock.SnapdockException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A repository in a local folder (the default). Objects are written to a hidden temporary file
 * beside their key, flushed to disk, then renamed into place, so a crash never leaves a
 * half-written object under a real key.
 */
public final class FileRepository implements Repository {

    private static final String TMP_PREFIX = ".tmp-";

    private final Path root;

    public FileRepository(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return "file:" + root;
    }

    @Override
    public void check() {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw SnapdockException.unavailable("repository folder " + root + " cannot be created: " + e.getMessage(),
                    e);
        }
        if (!Files.isWritable(root)) {
            throw SnapdockException.unavailable("repository folder " + root + " is not writable", null);
        }
    }

    private Path resolve(String key) {
        Path p = root.resolve(Keys.check(key)).normalize();
        if (!p.startsWith(root)) {
            throw SnapdockException.badInput("invalid repository key '" + key + "'");
        }
        return p;
    }

    @Override
    public PendingObject create(String key) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(TMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
        FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream out = java.nio.channels.Channels.newOutputStream(channel);
        return new PendingObject() {
            private boolean done;

            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void commit() throws IOException {
                channel.force(true);
                channel.close();
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                done = true;
            }

            @Override
            public void close() throws IOException {
                if (!done) {
                    done = true;
                    channel.close();
                    Files.deleteIfExists(tmp);
                }
            }
        };
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(existing(key));
    }

    /** The file of {@code key}; NoSuchFileException (naming the key) when there is none. */
    private Path existing(String key) throws NoSuchFileException {
        Path p = resolve(key);
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(key);
        }
        return p;
    }

    @Override
    public byte[] read(String key, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(existing(key), StandardOpenOption.READ)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(length);
            long at = offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, at);
                if (n < 0) {
                    throw new java.io.EOFException(key + " ends before offset " + (offset + length));
                }
                at += n;
            }
            return buf.array();
        }
    }

    @Override
    public long size(String key) throws IOException {
        return Files.size(existing(key));
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public List<String> children(String prefix) throws IOException {
        Path dir = prefix.isEmpty() ? root : resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            // Like S3, a folder exists only while it holds an object: emptied folders (after a delete) are not listed.
            s.filter(p -> !p.getFileName().toString().startsWith(TMP_PREFIX))
                    .filter(p -> !Files.isDirectory(p) || holdsObject(p))
                    .map(p -> p.getFileName().toString()).sorted().forEach(out::add);
        }
        return out;
    }

    private static boolean holdsObject(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(TMP_PREFIX));
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Path dir = prefix.isEmpty() ? root : resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(TMP_PREFIX))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().forEach(out::add);
        }
        return out;
    }

    @Override
    public java.util.Map<String, String> versions(String prefix) throws IOException {
        Path dir = prefix.isEmpty() ? root : resolve(prefix);
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes a) {
                if (a.isRegularFile() && !p.getFileName().toString().startsWith(TMP_PREFIX)) {
                    out.put(root.relativize(p).toString().replace('\\', '/'),
                            a.size() + "@" + a.lastModifiedTime().toMillis());
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path p, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE;   // deleted while walking: not there
            }
        });
        return out;
    }

    @Override
    public java.time.Instant modified(String key) throws IOException {
        return Files.getLastModifiedTime(existing(key)).toInstant();
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }
}
