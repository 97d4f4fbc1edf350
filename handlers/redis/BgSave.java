package io.snapdock.handlers.redis;

import io.snapdock.SnapdockException;
import io.snapdock.exec.RunningCommand;
import io.snapdock.handlers.StoreContext;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static io.snapdock.handlers.redis.RedisCli.*;

/** A fresh RDB file from the running server: BGSAVE, waited for until it finished and succeeded. */
final class BgSave {

    private BgSave() {
    }

    /**
     * BGSAVE, then waits until a save finished after it: LASTSAVE moved (or, where INFO has it,
     * rdb_saves grew), and checks that it succeeded.
     */
    static void save(StoreContext ctx, Cli cli) throws IOException {
        long lastSave = number(ctx, cli, "LASTSAVE");
        long saves = parseLong(info(ctx, cli, "persistence").get("rdb_saves"), -1);
        if (saves < 0) {
            // LASTSAVE counts seconds: a save ending in the second of the last one would go unseen.
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (lastSave >= number(ctx, cli, "TIME") && System.nanoTime() < until) {
                pause(200);
            }
        }
        String reply = call(ctx, cli, true, "BGSAVE");
        if (reply.contains("BGSAVE SCHEDULE")) {   // an AOF rewrite runs: save right after it
            reply = call(ctx, cli, true, "BGSAVE", "SCHEDULE");
        }
        boolean started = reply.startsWith("Background saving started") || reply.contains("already in progress");
        if (!started && !reply.startsWith("Background saving scheduled")) {
            throw SnapdockException
                    .failed("BGSAVE on " + ctx.spec().name() + " was refused: " + RunningCommand.summary(reply));
        }
        long deadline = System.nanoTime() + ctx.timeout().toNanos();
        long wait = 50;
        while (true) {
            Map<String, String> p = info(ctx, cli, "persistence");
            boolean running = "1".equals(p.get("rdb_bgsave_in_progress"));
            started |= running;
            if (!running) {
                boolean done = number(ctx, cli, "LASTSAVE") > lastSave
                        || (saves >= 0 && parseLong(p.get("rdb_saves"), -1) > saves);
                boolean failed = "err".equals(p.get("rdb_last_bgsave_status"));
                if (done && !failed) {
                    return;
                }
                if (failed && (done || started)) {
                    throw SnapdockException.failed("BGSAVE on " + ctx.spec().name()
                            + " failed (rdb_last_bgsave_status:err): see the server's log (disk full? permissions?)");
                }
            }
            if (System.nanoTime() > deadline) {
                throw SnapdockException
                        .failed("BGSAVE on " + ctx.spec().name() + " did not finish within " + ctx.timeout());
            }
            pause(wait);
            wait = Math.min(1000, wait * 2);
        }
    }
}
