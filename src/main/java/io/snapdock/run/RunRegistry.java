package io.snapdock.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The runs this process knows about (newest last, the most recent {@value #KEEP}) and the lock
 * that keeps backups and restores from running at the same time: a second run waits for the
 * first, it is never run alongside it.
 */
public final class RunRegistry {

    static final int KEEP = 500;

    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final ReentrantLock exclusive = new ReentrantLock(true);

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

    public void lock() {
        exclusive.lock();
    }

    public void unlock() {
        if (exclusive.isHeldByCurrentThread()) {
            exclusive.unlock();
        }
    }
}
