package io.snapdock.testsupport;

import java.io.IOException;
import java.net.ServerSocket;

/** A local port nothing listens on (bound, then released). */
public final class Ports {

    private Ports() {
    }

    public static int closed() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
