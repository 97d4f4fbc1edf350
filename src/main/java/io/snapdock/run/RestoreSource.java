package io.snapdock.run;

import io.snapdock.model.Manifest;
import io.snapdock.repo.snapshot.Snapshots;

/**
 * What one store is restored from: a snapshot's entry for the store, read from a repository view
 * ({@code snapshots/}, or {@code safety/} when a failed restore is rolled back).
 */
public record RestoreSource(Snapshots view, String stamp, Manifest.StoreEntry entry) {
}
