package io.snapdock.run;

import io.snapdock.history.RunHistory;
import io.snapdock.model.Run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The runs this process knows about (newest last, the most recent {@value #KEEP}) and the lock
 * that keeps backups and restores from running at the same time: a second run waits for the
 * first, it is never run alongside it. With a {@link RunHistory}, every run is also saved when
 * it is registered and when it ends, and runs of earlier processes (and of CLI commands) are
 * found there.
 */
public final class RunRegistry {

    static final int KEEP = 500;

    private final Map<String, Run> runs = new LinkedHashMap<>();
    /**
     * Not a thread-owned lock: a run's steps may continue on another thread (after a parallel
     * split), so the registry records which run holds the permit.
     */
    private final Semaphore exclusive = new Semaphore(1, true);
    /** The runs holding the permit (at most one): a run's steps may continue on another thread. */
    private final java.util.Set<String> holders = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final RunHistory history;

    /** Runs kept in memory only. */
    public RunRegistry() {
        this(null);
    }

    public RunRegistry(RunHistory history) {
        this.history = history;
    }

    public Run register(Run run) {
        synchronized (this) {
            runs.put(run.id, run);
            while (runs.size() > KEEP) {
                runs.remove(runs.keySet().iterator().next());
            }
        }
        if (history != null) {
            history.save(run);
        }
        return run;
    }

    /**
     * Runs the history shows queued or running whose process on this host has died (killed, the
     * machine restarted): marked failed, so no run stays "running" forever. Returns their ids.
     */
    public List<String> closeAbandoned() {
        List<String> closed = new ArrayList<>();
        if (history == null) {
            return closed;
        }
        for (Run run : history.unfinished()) {
            boolean ours = io.snapdock.model.Host.NAME.equals(run.host) && run.pid != null;
            boolean alive = ours && ProcessHandle.of(run.pid).map(ProcessHandle::isAlive).orElse(false);
            if (ours && !alive && run.pid != ProcessHandle.current().pid()) {
                run.status = Run.Status.failed;
                run.error = "interrupted: the Snapdock process running it (pid " + run.pid
                        + ") ended before it finished";
                run.finishedAt = java.time.Instant.now().toString();
                history.save(run);
                closed.add(run.id);
            }
        }
        return closed;
    }

    /** Saves the run as it ended (status, finish time, results). */
    public void ended(Run run) {
        if (history != null) {
            history.save(run);
        }
    }

    public Run get(String id) {
        synchronized (this) {
            Run run = runs.get(id);
            if (run != null || history == null) {
                return run;
            }
        }
        return history.find(id);
    }

    /** Newest first: this process's runs as they are now, then older ones from the history. */
    public List<Run> recent() {
        List<Run> out;
        synchronized (this) {
            out = new ArrayList<>(runs.values());
        }
        java.util.Collections.reverse(out);
        if (history != null) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            out.forEach(r -> seen.add(r.id));
            for (Run r : history.recent(KEEP)) {
                if (out.size() >= KEEP) {
                    break;
                }
                if (seen.add(r.id)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** Waits until no other backup or restore runs, then lets {@code run} go. */
    public void lock(Run run) {
        exclusive.acquireUninterruptibly();
        holders.add(run.id);
    }

    /** Lets {@code run} go only if no backup or restore runs now; false (and nothing held) otherwise. */
    public boolean tryLock(Run run) {
        if (!exclusive.tryAcquire()) {
            return false;
        }
        holders.add(run.id);
        return true;
    }

    /** Whether {@code run} holds the run lock now. */
    public boolean holds(Run run) {
        return holders.contains(run.id);
    }

    /** Releases the permit if {@code run} holds it (safe to call more than once). */
    public void unlock(Run run) {
        if (holders.remove(run.id)) {
            exclusive.release();
        }
    }
}
