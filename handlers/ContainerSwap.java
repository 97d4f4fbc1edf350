package io.snapdock.handlers;

import io.snapdock.SnapdockException;
import io.snapdock.docker.ContainerControl;
import io.snapdock.docker.DockerGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The restore of a store whose data can only be replaced while its container is stopped (a
 * Redis RDB, an SQLite file, a folder, Neo4j databases), written once for every handler:
 * <ol>
 * <li>the containers are stopped through the journalled {@link ContainerControl} (the stop
 *     journal is written before every docker stop);</li>
 * <li>the current data is taken aside (local copies; nothing in the container changes);</li>
 * <li>the restored data is put in place; if that fails once it has begun, the data taken aside
 *     is put back; a container that someone else started meanwhile (docker restart) fails the
 *     restore the same way: it may serve what it read before the new data was complete;</li>
 * <li>the containers are ALWAYS started again, whatever failed, and waited for until they
 *     answer, for at most {@link StoreContext#startTimeout()};</li>
 * <li>the restored store is checked; if it does not start or does not pass, it is stopped
 *     again, the data taken aside put back, and it is started once more.</li>
 * </ol>
 * The store-specific parts are its {@link Steps}. {@link #run()} throws the first failure, the
 * later ones suppressed in it, only once the containers run again.
 */
public final class ContainerSwap {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerSwap.class);

    /** What one store does at each step; takeAside, putInPlace and putBack run with the containers stopped. */
    public interface Steps {

        /** Keeps the current data aside, in local copies; changes nothing in the container. */
        void takeAside() throws IOException;

        /** Puts the restored data in place: from the moment this begins, a failure puts the old data back. */
        void putInPlace() throws IOException;

        /**
         * Puts the data taken aside back (or, where there was none, removes what was written).
         * Records what went wrong on {@code cause}; returns false when the previous data is not back.
         */
        boolean putBack(Exception cause);

        /** Waited for after the start with the restored data in place (null: the container's health only). Asked after takeAside. */
        default ContainerControl.Probe restoredAnswers() {
            return null;
        }

        /** Waited for after a start with the previous data in place (null: the container's health only). */
        default ContainerControl.Probe previousAnswers() {
            return null;
        }

        /** After the start with the restored data: does the store hold what it should? Throws when not. */
        default void checkRestored() throws IOException {
        }

        /** The failure to report when the restored data failed once its container ran (it is then put back). */
        default Exception failedAfterStart(Exception e) {
            return e;
        }
    }

    private final StoreContext ctx;
    private final List<String> ids;
    private final String previous;
    private final Steps steps;
    /** putInPlace began: the data in the container is no longer what was there. */
    private boolean changed;
    private boolean putBackTried;
    private boolean putBackFailed;

    /**
     * @param ids      the containers to stop, in stop order (the store's first, then its {@code stop-with})
     * @param previous how the log names what is put back ("its previous files")
     */
    public ContainerSwap(StoreContext ctx, List<String> ids, String previous, Steps steps) {
        this.ctx = ctx;
        this.ids = List.copyOf(ids);
        this.previous = previous;
        this.steps = steps;
    }

    /** The store's container, then those of its {@code stop-with} option (names or ids). */
    public static List<String> containersToStop(StoreContext ctx, DockerGateway docker) {
        List<String> ids = new ArrayList<>();
        ids.add(ctx.spec().container());
        String with = ctx.spec().option("stop-with", null);
        if (with != null) {
            Arrays.stream(with.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .forEach(n -> ids.add(docker.inspect(n).getId()));
        }
        return ids;
    }

    /** True when the data taken aside could not be put back: its local copies must then be kept. */
    public boolean putBackFailed() {
        return putBackFailed;
    }

    /** Stops, swaps, starts (ALWAYS), checks; on failure the previous data is back and the failure thrown. */
    public void run() throws IOException {
        ContainerControl.Stopped stopped = ctx.containers().stop(ids, store(), "restore");
        Exception failure = null;
        try {
            swapWhileStopped();
            refuseIfStartedMeanwhile(stopped);
        } catch (IOException | RuntimeException e) {
            failure = e;
            if (changed) {
                LOG.error("Restoring {} failed, putting {} back: {}", store(), previous, e.getMessage());
                putBack(e);
            }
        } finally {
            failure = startAgain(stopped, failure);   // ALWAYS
        }
        if (failure == null) {
            failure = checkRestored();
        }
        if (failure != null && changed && !putBackTried) {
            failure = rollBackRunning(stopped, failure);
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure != null) {
            throw (RuntimeException) failure;
        }
    }

    /**
     * A container started by someone else while its data was swapped (docker restart, an
     * operator) may serve what it read before the new data was complete, and a server that keeps
     * its data in memory (Redis) writes that back over the restored files when it stops: the
     * restore cannot be trusted, so it fails (and is rolled back) instead of being reported done.
     */
    private void refuseIfStartedMeanwhile(ContainerControl.Stopped stopped) {
        List<String> running = ctx.containers().startedMeanwhile(stopped);
        if (!running.isEmpty()) {
            throw SnapdockException.failed("container(s) " + String.join(", ", running) + " of "
                    + store() + " were started by someone else while the restore replaced its data: what it"
                    + " serves may not be the restored data");
        }
    }

    private void swapWhileStopped() throws IOException {
        steps.takeAside();
        changed = true;
        steps.putInPlace();
    }

    /** Starts what was stopped and waits for it; returns the failure to report (a start failure joins it). */
    private Exception startAgain(ContainerControl.Stopped stopped, Exception failure) {
        try {
            start(stopped, failure == null);
        } catch (RuntimeException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }

    /**
     * Starts the containers and waits until they answer the probe for the data in place. A step
     * that cannot even say what to wait for does not keep them stopped: they are started all
     * the same, then its failure is thrown.
     */
    private void start(ContainerControl.Stopped stopped, boolean restoredInPlace) {
        ContainerControl.Probe probe = null;
        RuntimeException noProbe = null;
        try {
            probe = restoredInPlace ? steps.restoredAnswers() : steps.previousAnswers();
        } catch (RuntimeException e) {
            noProbe = e;
        }
        ctx.containers().start(stopped, ctx.startTimeout(), probe);
        if (noProbe != null) {
            throw noProbe;
        }
    }

    private Exception checkRestored() {
        try {
            steps.checkRestored();
            return null;
        } catch (IOException | RuntimeException e) {
            return e;
        }
    }

    private void putBack(Exception cause) {
        putBackTried = true;
        boolean back;
        try {
            back = steps.putBack(cause);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            back = false;
        }
        putBackFailed |= !back;
    }

    /** The restored store runs but is not right: stop it again, put the previous data back, start it once more. */
    private Exception rollBackRunning(ContainerControl.Stopped stopped, Exception failure) {
        LOG.error("Restored {} does not serve as it should after its start, putting {} back: {}", store(), previous,
                failure.getMessage());
        Exception reported = steps.failedAfterStart(failure);
        ContainerControl.Stopped again;
        try {
            again = ctx.containers().stop(stopped.ids(), store(), "restore rollback");
        } catch (RuntimeException e) {
            reported.addSuppressed(e);
            putBackFailed = true;
            return reported;
        }
        try {
            putBack(reported);
        } finally {
            try {
                start(again, false);   // ALWAYS
            } catch (RuntimeException e) {
                reported.addSuppressed(e);
            }
        }
        return reported;
    }

    private String store() {
        return ctx.spec().name();
    }
}
