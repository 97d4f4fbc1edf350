package io.snapdock.docker;

import io.snapdock.exec.CommandRunner;
import io.snapdock.exec.RunningCommand;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Runs each command in its own throw-away container made from {@code image} with the volumes of
 * container {@code volumesFrom}, as {@code user} (null: the image's user), removed when the
 * command is closed: a store whose own container lacks a tool (an application image without
 * {@code sqlite3}) gets it from a sibling that sees the same files. Nothing persists from one
 * command to the next outside those volumes.
 */
public final class SiblingRunner implements CommandRunner {

    private final DockerGateway docker;
    private final String image;
    private final String volumesFrom;
    private final String volumesFromName;
    private final String user;

    SiblingRunner(DockerGateway docker, String image, String volumesFrom, String volumesFromName, String user) {
        this.docker = docker;
        this.image = image;
        this.volumesFrom = volumesFrom;
        this.volumesFromName = volumesFromName;
        this.user = user;
    }

    @Override
    public RunningCommand start(List<String> argv, Map<String, String> env, boolean withStdin) throws IOException {
        return docker.startSibling(image, volumesFrom, argv, env, user, withStdin);
    }

    @Override
    public String describe() {
        return "a sibling container of " + volumesFromName + " from image " + image;
    }

    public String image() {
        return image;
    }
}
