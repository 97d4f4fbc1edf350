package io.snapdock.docker;

import io.snapdock.SnapdockException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops and starts store containers so that a stopped container is ALWAYS started again:
 * each one is journalled (durably) before it is stopped, started again by {@link #start},
 * and, should Snapdock die in between, by {@link #replayJournal()} at the next start-up.
 */
public final class ContainerControl {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerControl.class);

    /** Checks that a started store serves again (its handler's probe). */
    public interface Probe {
        void check() throws Exception;
    }

    /** Containers this control stopped, in stop order; start them with {@link #start}. */
    public record Stopped(List<String> ids, List<String> names, long stoppedAtNanos) {
    }

    /** Opened on first use: a command that stops nothing needs no Docker engine. */
    private final java.util.function.Supplier<DockerGateway> docker;
    private final StopJournal journal;
    private final int stopTimeoutSeconds;
    /** How long a container started again may take to be healthy ({@code snapdock.start.timeout-seconds}). */
    private final Duration startTimeout;

    public ContainerControl(java.util.function.Supplier<DockerGateway> docker, StopJournal journal,
            int stopTimeoutSeconds,
            Duration startTimeout) {
        this.docker = docker;
        this.journal = journal;
        this.stopTimeoutSeconds = stopTimeoutSeconds;
        this.startTimeout = startTimeout;
    }

    /** Journals, then stops, each container. If one cannot be stopped, those already stopped are started again. */
    public Stopped stop(List<String> ids, String store, String run) {
        List<String> done = new ArrayList<>();
        List<String> names = new ArrayList<>();
        long at = System.nanoTime();
        try {
            for (String id : ids) {
                String name = docker.get().name(id);
                journal.add(id, name, store, run);
                LOG.info("Stopping container {} for a consistent copy of {}", name, store);
                docker.get().stop(id, stopTimeoutSeconds);
                done.add(id);
                names.add(name);
            }
        } catch (IOException | RuntimeException e) {
            start(new Stopped(done, names, at), startTimeout, null);
            throw SnapdockException.failed("could not stop the containers of " + store + ": " + e.getMessage());
        }
        return new Stopped(done, names, at);
    }

    /**
     * The names of the containers of {@code stopped} that run although this control has not
     * started them again: someone else (an operator, {@code docker restart}) started them.
     */
    public List<String> startedMeanwhile(Stopped stopped) {
        List<String> running = new ArrayList<>();
        for (int i = 0; i < stopped.ids().size(); i++) {
            if (docker.get().isRunning(stopped.ids().get(i))) {
                running.add(stopped.names().get(i));
            }
        }
        return running;
    }

    /**
     * Starts every container of {@code stopped} (even when some fail), waits until each runs and
     * is healthy (its Docker health check when it has one), then runs {@code probe} until it
     * passes or {@code timeout} ends. Returns the downtime in milliseconds; throws when a
     * container did not come back.
     */
    public long start(Stopped stopped, Duration timeout, Probe probe) {
        List<String> problems = new ArrayList<>();
        for (int i = stopped.ids().size() - 1; i >= 0; i--) {
            String id = stopped.ids().get(i);
            try {
                docker.get().start(id);
                journal.remove(id);
                LOG.info("Started container {} again", stopped.names().get(i));
            } catch (IOException | RuntimeException e) {
                problems.add(stopped.names().get(i) + ": " + e.getMessage());
                LOG.error("Could not start container {} again: {} (it stays in the journal {})",
                        stopped.names().get(i), e.getMessage(), journal.file());
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        if (problems.isEmpty()) {
            for (String id : stopped.ids()) {
                String problem = docker.get().awaitHealthy(id, deadline);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        if (problems.isEmpty() && probe != null) {
            awaitProbe(probe, deadline, problems);
        }
        long downtime = (System.nanoTime() - stopped.stoppedAtNanos()) / 1_000_000;
        if (!problems.isEmpty()) {
            throw SnapdockException.failed("containers did not come back: " + String.join("; ", problems));
        }
        return downtime;
    }

    private static void awaitProbe(Probe probe, long deadline, List<String> problems) {
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                probe.check();
                return;
            } catch (Exception e) {
                last = e;
                pause();
            }
        }
        problems.add("the store does not answer after its start: " + (last != null ? last.getMessage() : "timeout"));
    }

    static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SnapdockException.failed("interrupted while waiting for a container");
        }
    }

    /** Starts every journalled container that is still stopped (after a crash); returns their names. */
    public List<String> replayJournal() throws IOException {
        List<String> started = new ArrayList<>();
        for (StopJournal.Entry e : journal.entries()) {
            if (e.ownerAlive()) {
                continue;   // another Snapdock process stopped it and is still at work
            }
            try {
                if (!docker.get().isRunning(e.id())) {
                    docker.get().start(e.id());
                    started.add(e.name());
                    LOG.warn("Started container {} again: Snapdock had stopped it for {} at {} and did not finish",
                            e.name(), e.store(), e.stoppedAt());
                }
                journal.remove(e.id());
            } catch (SnapdockException gone) {
                if (gone.kind() == SnapdockException.Kind.NOT_FOUND) {
                    journal.remove(e.id());
                    LOG.warn("Journalled container {} no longer exists", e.name());
                } else {
                    throw gone;
                }
            }
        }
        return started;
    }
}
