package io.snapdock.handlers;

import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The contract of one store type: how to back it up, restore it and check its dumps. A new
 * store type is one class implementing this plus one line in {@link HandlerRegistry}; the
 * routes never change.
 */
public interface StoreHandler {

    /** The value of the {@code snapdock.type} label / {@code snapdock.stores.NAME.type} property. */
    String type();

    /** Other type names handled by this class (mysql for mariadb, say). */
    default List<String> aliases() {
        return List.of();
    }

    /** online when the store can be copied while it runs; stop when its container must be stopped. */
    default String defaultMode() {
        return "online";
    }

    /** The user the tools run as inside the store's container (null: the container's default). */
    default String execUser() {
        return null;
    }

    /** The folder holding the store's data inside its container (the stop-mode copy), or null. */
    default String dataPath() {
        return null;
    }

    /**
     * True when this handler makes its own copy in stop mode (its tool reads the stopped store's
     * files from a sibling container, e.g. neo4j-admin database dump) instead of the generic
     * stopped-folder copy; its backup then runs while the container is stopped, and its restore
     * stops the container itself.
     */
    default boolean dumpsWhileStopped() {
        return false;
    }

    /** A cheap check that the store answers (before anything is written); throws when it does not. */
    void probe(StoreContext ctx) throws IOException;

    /** Dumps the store into {@code sink}; fills in the entry's tool and server versions. */
    void backup(StoreContext ctx, BackupSink sink) throws IOException;

    /** Restores the store from the artifacts of {@code entry} read through {@code source}. */
    void restore(StoreContext ctx, Manifest.StoreEntry entry, ArtifactSource source) throws IOException;

    /**
     * The store-native check of one artifact (a dump the store's tool can read, say). Must read
     * {@code data} to its end: the caller computes the checksum over the same pass.
     */
    void check(StoreContext ctx, String store, Manifest.Artifact artifact, InputStream data,
               ValidationReport report) throws IOException;

    /**
     * After a restore, once the store answers its {@link #probe} (the caller waits for that): does
     * it hold what {@code entry} lists? A handler that can count what it restored (databases,
     * streams, keys, files) checks that here; the default checks nothing more. Throws when it does not.
     */
    default void postCheck(StoreContext ctx, Manifest.StoreEntry entry) throws IOException {
    }

    /**
     * Whether the store, as it runs now, holds nothing worth keeping (a store just recreated empty
     * on a new host, say): a restore then takes no safety copy of it. Read only, never changes
     * anything; asked only of a store that runs. True only when the handler can tell for sure and
     * cheaply; false when the store holds anything, and by default (a handler that cannot tell is
     * conservative: the store is copied as before).
     */
    default boolean isEmpty(StoreContext ctx) throws IOException {
        return false;
    }

    /**
     * What the store holds now, in a few figures for a restore preview (databases, streams, key
     * count...); read only, never changes anything. The default knows nothing beyond the probe.
     */
    default java.util.Map<String, Object> describe(StoreContext ctx) throws IOException {
        probe(ctx);
        return new java.util.LinkedHashMap<>(java.util.Map.of("answers", true));
    }

    /**
     * What a snapshot's entry holds, read from the manifest: per artifact kind, the databases,
     * streams or paths it names (the same words {@link #describe} uses where it can).
     */
    default java.util.Map<String, Object> contents(Manifest.StoreEntry entry) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Manifest.Artifact a : entry.artifacts) {
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) out.computeIfAbsent(a.kind + "s",
                    k -> new java.util.ArrayList<String>());
            names.add(a.database != null ? a.database : a.name);
        }
        out.put("bytes", entry.artifacts.stream().mapToLong(a -> a.size).sum());
        return out;
    }

    /**
     * Whether restoring this store stops its container (Redis takes a new data set only at its
     * start; a stop-mode copy is put back into a stopped container).
     */
    default boolean restoreStopsContainer(String method) {
        return "stop".equals(method) || dumpsWhileStopped();
    }

    /** Where a handler writes its artifacts. */
    interface BackupSink {
        /** Opens a new artifact; commit it once the tool that produced it has succeeded. */
        io.snapdock.repo.snapshot.ArtifactOutput open(Manifest.Artifact artifact) throws IOException;
    }

    /** Where a handler reads a snapshot's artifacts back. */
    interface ArtifactSource {
        InputStream open(Manifest.Artifact artifact) throws IOException;
    }
}
