package io.snapdock.model;

/** This machine's name, as journals and run records note who wrote them. */
public final class Host {

    public static final String NAME = name();

    private Host() {
    }

    private static String name() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
