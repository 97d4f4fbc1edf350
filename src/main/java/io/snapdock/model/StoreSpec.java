package io.snapdock.model;

import java.util.Map;

/**
 * A store to back up, found by labels or declared in properties. {@code container} is the
 * container's id when the store runs in one (its tools then run inside it); credentials come
 * from properties or the environment only, never from labels.
 */
public record StoreSpec(
        String name,
        String type,
        String mode,
        String container,
        String containerName,
        String image,
        String host,
        Integer port,
        String user,
        String password,
        Map<String, String> options,
        String source) {

    /**
     * What the store is, as the restore journal records it: its type and where it runs (its
     * container's name, which a compose project prefixes, or host:port). A journal entry is only
     * ever applied to a store with the same identity, never to another that took its name.
     */
    public String identity() {
        return type + "@" + (containerName != null && !containerName.isBlank() ? containerName
                : inContainer() ? container : host + ":" + port);
    }

    public boolean inContainer() {
        return container != null && !container.isBlank();
    }

    public String option(String key, String fallback) {
        String v = options == null ? null : options.get(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "StoreSpec[" + name + " type=" + type
                + (inContainer() ? " container=" + containerName : " host=" + host + ":" + port)
                + " source=" + source + "]";
    }
}
