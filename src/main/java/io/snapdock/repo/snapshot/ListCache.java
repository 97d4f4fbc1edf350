package io.snapdock.repo.snapshot;

import com.fasterxml.jackson.core.type.TypeReference;
import io.snapdock.model.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lines of {@code list} kept on local disk (in the state folder), one per snapshot, each with
 * the version tags its manifest and validation record had when it was read (see
 * {@link Repository#versions}). A manifest is never rewritten and a validation record rarely, so
 * a repeat listing reads only what changed: one listing of {@code snapshots/} instead of two
 * requests per snapshot. Only a line whose tags still match is used; a missing or unreadable
 * cache file is an empty cache, and a cache that cannot be written costs only speed. It holds
 * what {@code list} prints (stamps, store names, sizes), never a secret.
 */
final class ListCache {

    /** One cached line and the tags it was read under. */
    record Line(String tag, String stamp, boolean complete, List<String> stores, long size, long added,
            String encryption, String validation, int failedStores) {

        static Line of(String tag, Snapshots.Summary s) {
            return new Line(tag, s.stamp(), s.complete(), s.stores(), s.size(), s.added(), s.encryption(),
                    s.validation(), s.failedStores());
        }

        Snapshots.Summary summary() {
            return new Snapshots.Summary(stamp, complete, stores, size, added, encryption, validation, failedStores);
        }
    }

    private ListCache() {
    }

    static Map<String, Line> read(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return new TreeMap<>();
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), new TypeReference<TreeMap<String, Line>>() {
            });
        } catch (IOException | RuntimeException e) {
            return new TreeMap<>();
        }
    }

    static void write(Path file, Map<String, Line> lines) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".list-cache-", ".tmp");
            try {
                Files.write(tmp,
                        Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsBytes(lines));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // Only speed is lost: the next listing reads the repository again.
        }
    }
}
