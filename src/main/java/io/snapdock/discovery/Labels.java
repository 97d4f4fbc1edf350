package io.snapdock.discovery;

/** The container labels Snapdock reads. Credentials are never taken from labels. */
public final class Labels {

    /** Store type: postgres, …; its presence makes a container a store. */
    public static final String TYPE = "snapdock.type";
    /** The store's name (else the compose service, else the container name). */
    public static final String STORE = "snapdock.store";
    /** online | stop: whether the container must be stopped for a consistent copy. */
    public static final String MODE = "snapdock.mode";
    /** The path inside the container (database file, folder), for types that need one. */
    public static final String PATH = "snapdock.path";
    /** The port the service listens on inside the container, when not its usual one. */
    public static final String PORT = "snapdock.port";

    /** Other containers (names, comma-separated) stopped together with the store in stop mode. */
    public static final String STOP_WITH = "snapdock.stop-with";

    /** An image with the store's tool (sqlite3), run as a sibling container when the store's own has none. */
    public static final String TOOL_IMAGE = "snapdock.tool-image";

    public static final String COMPOSE_PROJECT = "com.docker.compose.project";
    public static final String COMPOSE_SERVICE = "com.docker.compose.service";

    private Labels() {
    }
}
