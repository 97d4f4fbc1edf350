package io.snapdock.handlers;

import io.snapdock.exec.CommandRunner;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;

import java.time.Duration;

/**
 * What a handler works with: the store, where its tools run, the manifest entry it fills in,
 * and the time one tool may take.
 */
public record StoreContext(StoreSpec spec, CommandRunner runner, Manifest.StoreEntry entry, Duration timeout) {
}
