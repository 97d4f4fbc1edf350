package io.snapdock.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The runs this process knows about (newest last, the most recent {@value #KEEP}) and the lock
 * that keeps backups and restores from running at the same time: a second run waits for the
 * first, it is never run alongside it.
 */
public final class RunRegistry {

    static final int KEEP = 500;

    private final Map<String, Run> runs = new LinkedHashMap<>();
    /**
     * Not a thread-owned lock: a run's steps may continue on another thread (after a parallel
     * split), so the run itself records that it holds the permit.
     */
    private final Semaphore exclusive = new Semaphore(1, true);

    public synchronized Run register(Run run) {
        runs.put(run.id, run);
        while (runs.size() > KEEP) {
            runs.remove(runs.keySet().iterator().next());
        }
        return run;
    }

    public synchronized Run get(String id) {
        return runs.get(id);
    }

    /** Newest first. */
    public synchronized List<Run> recent() {
        List<Run> out = new ArrayList<>(runs.values());
        java.util.Collections.reverse(out);
        return out;
    }

    /** Waits until no other backup or restore runs, then lets {@code run} go. */
    public void lock(Run run) {
        exclusive.acquireUninterruptibly();
        run.holdsLock = true;
    }

    /** Releases the permit if {@code run} holds it (safe to call more than once). */
    public void unlock(Run run) {
        synchronized (run) {
            if (run.holdsLock) {
                run.holdsLock = false;
                exclusive.release();
            }
        }
    }
}
