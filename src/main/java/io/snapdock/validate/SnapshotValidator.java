package io.snapdock.validate;

import io.snapdock.SnapdockException;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.content.ChunkReadException;
import io.snapdock.repo.content.ContentStore;
import io.snapdock.repo.content.PackContents;
import io.snapdock.repo.snapshot.ArtifactOutput;
import io.snapdock.repo.snapshot.Snapshots;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks a snapshot end to end: every artifact is read back from the repository once, and on
 * that one pass its size and SHA-256 are compared with the manifest while the store's handler
 * runs its native check (pg_restore --list, …). Error codes: artifact_missing, size_mismatch,
 * checksum_mismatch, the content store's (pack_damaged, pack_missing, chunk_missing, index_damaged:
 * each names the pack or index file), plus the handler's own (dump_unreadable, …).
 */
public final class SnapshotValidator {

    private final Snapshots snapshots;
    private final HandlerRegistry handlers;

    public SnapshotValidator(Snapshots snapshots, HandlerRegistry handlers) {
        this.snapshots = snapshots;
        this.handlers = handlers;
    }

    /**
     * @param only     stores to check (all when null or empty)
     * @param contexts where each store's native check runs; null means the check is skipped (a warning)
     */
    public ValidationReport validate(Manifest manifest, Collection<String> only,
                                     Function<String, StoreContext> contexts) {
        ValidationReport report = new ValidationReport(manifest.stamp);
        for (Manifest.StoreEntry store : manifest.stores) {
            if (only != null && !only.isEmpty() && !only.contains(store.name)) {
                continue;
            }
            StoreHandler handler = handlers.supports(store.type) ? handlers.forMethod(store.type, store.method) : null;
            StoreContext ctx = handler == null ? null : contexts.apply(store.name);
            for (Manifest.Artifact a : store.artifacts) {
                checkArtifact(manifest.stamp, store.name, a, handler, ctx, report);
            }
        }
        return report.finish(Instant.now().toString());
    }

    /**
     * The verification right after a backup ({@code snapdock.backup.verify=new-data}): what this
     * run uploaded is read back whole and every chunk in it authenticated; every chunk the
     * snapshot lists is in the index and its pack exists. Chunks stored by earlier runs were
     * verified when they were written and are re-read by {@code validate}, {@code check
     * --read-data} and before every restore.
     */
    public ValidationReport verifyNewData(Manifest manifest, List<PackContents> written) {
        ValidationReport report = new ValidationReport(manifest.stamp);
        report.scope = "new-data";
        ContentStore content = snapshots.contentForReading();
        Map<String, Boolean> packExists = new HashMap<>();
        for (PackContents p : written) {
            try {
                for (ChunkReadException e : content.verifyPack(p)) {
                    report.add(e.code(), null, null, e.getMessage());
                }
                packExists.put(p.pack(), true);
            } catch (IOException e) {
                report.add("pack_unreadable", null, null, "pack " + p.pack() + ": " + e.getMessage());
            }
        }
        for (Manifest.StoreEntry store : manifest.stores) {
            for (Manifest.Artifact a : store.artifacts) {
                if (a.chunks == null) {
                    continue;
                }
                for (String id : a.chunks) {
                    ContentStore.Location loc = content.locate(id);
                    if (loc == null) {
                        report.add("chunk_missing", store.name, a.name,
                                "chunk " + id.substring(0, 16) + " is in no index file");
                        break;
                    }
                    boolean exists = packExists.computeIfAbsent(loc.pack(), pack -> packPresent(content, pack));
                    if (!exists) {
                        report.add("pack_missing", store.name, a.name,
                                "pack " + loc.pack() + " is missing from the repository");
                        break;
                    }
                }
            }
        }
        return report.finish(Instant.now().toString());
    }

    private static boolean packPresent(ContentStore content, String pack) {
        try {
            return content.repository().exists(ContentStore.packKey(pack));
        } catch (IOException e) {
            return false;
        }
    }

    private void checkArtifact(String stamp, String store, Manifest.Artifact a, StoreHandler handler, StoreContext ctx,
                               ValidationReport report) {
        MessageDigest sha = ArtifactOutput.newSha256();
        long size;
        try (InputStream raw = snapshots.readArtifact(stamp, store, a);
             CountingInputStream counted = new CountingInputStream(new DigestInputStream(raw, sha))) {
            if (handler == null) {
                report.warn("native_check_skipped", store, a.name, "no handler for this store type");
            } else {
                try {
                    handler.check(ctx, store, a, counted, report);
                } catch (ChunkReadException e) {
                    throw e;
                } catch (IOException | SnapdockException e) {
                    report.warn("native_check_unavailable", store, a.name, e.getMessage());
                }
            }
            counted.transferTo(OutputStream.nullOutputStream());
            size = counted.count();
        } catch (NoSuchFileException e) {
            report.add("artifact_missing", store, a.name, "not in the repository");
            return;
        } catch (ChunkReadException e) {
            // pack_damaged, pack_missing, chunk_missing, …: the message names the pack or index file.
            report.add(e.code(), store, a.name, e.getMessage());
            return;
        } catch (IOException e) {
            report.add("artifact_unreadable", store, a.name, e.getMessage());
            return;
        } catch (SnapdockException e) {
            report.add("manifest_invalid", store, a.name, e.getMessage());
            return;
        }
        if (size != a.size) {
            report.add("size_mismatch", store, a.name, "manifest says " + a.size + " bytes, repository holds " + size);
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(a.sha256)) {
            report.add("checksum_mismatch", store, a.name,
                    "SHA-256 " + actual + " differs from the manifest's " + a.sha256);
        }
    }

    /** Counts what passes through. */
    static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        /** Reads what is skipped, so the digest below sees every byte. */
        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[8192];
            long left = n;
            while (left > 0) {
                int r = read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) {
                    break;
                }
                left -= r;
            }
            return n - left;
        }

        long count() {
            return count;
        }
    }
}
