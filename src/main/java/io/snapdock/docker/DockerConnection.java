package io.snapdock.docker;

/**
 * The one Docker client of this process, opened on first use: {@code list} needs no Docker
 * engine, and a backup of a store declared by host and port needs none either.
 */
public final class DockerConnection implements AutoCloseable {

    private final String host;
    private DockerGateway gateway;

    public DockerConnection(String host) {
        this.host = host;
    }

    /** The engine's address as configured ({@code unix://…} or {@code tcp://…}). */
    public String host() {
        return host;
    }

    public synchronized DockerGateway gateway() {
        if (gateway == null) {
            gateway = new DockerGateway(host);
        }
        return gateway;
    }

    @Override
    public synchronized void close() {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }
}
