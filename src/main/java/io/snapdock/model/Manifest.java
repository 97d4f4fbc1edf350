package io.snapdock.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code snapshots/<stamp>/manifest.json}: what a snapshot holds. Written last, so a snapshot
 * without one was never finished and is never offered for restore. Holds no secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class Manifest {

    /** 2: artifacts are lists of chunks in the content store; 1: one plain object per artifact (still readable). */
    public static final int FORMAT = 2;

    public int format = FORMAT;
    public String stamp;
    public String snapdockVersion;
    public String host;
    public String trigger;
    public String startedAt;
    public String finishedAt;
    /** How the repository seals content: aes-256-gcm (with the key's id, never the key) or none. */
    public String encryption;
    public List<StoreEntry> stores = new ArrayList<>();
    /** Stores of this run whose backup failed: not in {@link #stores}, so not restorable from here. */
    public List<StoreFailure> failures = new ArrayList<>();

    public StoreEntry store(String name) {
        return stores.stream().filter(s -> s.name.equals(name)).findFirst().orElse(null);
    }

    public long totalSize() {
        return stores.stream().flatMap(s -> s.artifacts.stream()).mapToLong(a -> a.size).sum();
    }

    /** Bytes this snapshot added to the repository (the rest was already there). */
    public long storedSize() {
        return stores.stream().flatMap(s -> s.artifacts.stream()).mapToLong(Artifact::addedBytes).sum();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class StoreEntry {
        public String name;
        public String type;
        /** online (no container stopped) or stop. */
        public String method;
        public String tool;
        public String serverVersion;
        public String container;
        public String image;
        public String startedAt;
        public String finishedAt;
        public long durationMs;
        public long downtimeMs;
        public List<Artifact> artifacts = new ArrayList<>();

        /** The entry of {@code spec} before its copy: name, type, method, container, image. */
        public static StoreEntry of(StoreSpec spec) {
            StoreEntry entry = new StoreEntry();
            entry.name = spec.name();
            entry.type = spec.type();
            entry.method = spec.mode();
            entry.container = spec.containerName();
            entry.image = spec.image();
            return entry;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Artifact {
        /** File name inside {@code snapshots/<stamp>/<store>/}. */
        public String name;
        /** What it holds for the handler, e.g. globals or database. */
        public String kind;
        /** The database (or stream, file …) it holds, when there is one. */
        public String database;
        public String format;
        /** The rows it holds, when its handler counted them on the way in (a ClickHouse table). */
        public Long rows;
        public long size;
        public String sha256;
        /** The ids of its chunks in order (format 2); absent for a plain object (format 1). */
        public List<String> chunks;
        /** Bytes this artifact added to the repository (compressed, sealed): what was not there before. */
        public Long stored;

        /** {@link #stored}; for a plain object (format 1), its whole size. */
        public long addedBytes() {
            return stored == null ? size : stored;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class StoreFailure {
        public String name;
        public String type;
        public String error;

        public StoreFailure() {
        }

        public StoreFailure(String name, String type, String error) {
            this.name = name;
            this.type = type;
            this.error = error;
        }
    }
}
