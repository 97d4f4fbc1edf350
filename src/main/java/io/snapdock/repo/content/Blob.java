package io.snapdock.repo.content;

/**
 * One chunk inside a pack: its id (the keyed hash of its plaintext, hex), where its sealed bytes
 * are in the pack, and its plaintext size.
 */
public record Blob(String id, long offset, int length, int size) {
}
