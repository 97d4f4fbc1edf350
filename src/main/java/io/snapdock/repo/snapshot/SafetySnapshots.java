package io.snapdock.repo.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.snapdock.SnapdockException;
import io.snapdock.model.Json;
import io.snapdock.model.Manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * The safety snapshots a restore takes of the stores it is about to replace:
 * <pre>
 * safety/&lt;stamp&gt;/started.json, manifest.json (LAST), manifest.mac, validation.json   as a snapshot
 * safety/&lt;stamp&gt;/outcome.json   {"state", "run", "restored", "at"}, once the restore is over
 * </pre>
 * A safety snapshot without outcome.json belongs to a restore still running, or one whose
 * process died: it must be kept (retention deletes one only when its outcome is
 * {@value #CONFIRMED} or {@value #ROLLED_BACK}).
 */
public final class SafetySnapshots {

    public static final String OUTCOME = "outcome.json";
    /** Every store restored and checked. */
    public static final String CONFIRMED = "confirmed";
    /** A store failed, and every store that failed holds its pre-restore content again. */
    public static final String ROLLED_BACK = "rolled-back";
    /** A store failed and could not be put back yet: its rollback is retried; this safety snapshot holds its previous content. */
    public static final String ROLLBACK_PENDING = "rollback-pending";
    /** A store failed and its rollback can never run (parked): this safety snapshot holds its previous content. */
    public static final String ROLLBACK_FAILED = "rollback-failed";

    /** outcome.json. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Outcome {
        public String state;
        public String run;
        public String restored;
        public String at;

        public Outcome() {
        }

        public Outcome(String state, String run, String restored, String at) {
            this.state = state;
            this.run = run;
            this.restored = restored;
            this.at = at;
        }
    }

    /** One line of {@code list --safety} and of GET /api/safety-snapshots. */
    public record Summary(String stamp, List<String> stores, long size, String created, String outcome, String run,
            String restored) {
    }

    private final Snapshots safety;

    public SafetySnapshots(Snapshots snapshots) {
        this.safety = snapshots.root().equals(Snapshots.SAFETY_ROOT) ? snapshots : snapshots.safety();
    }

    public Snapshots snapshots() {
        return safety;
    }

    public void writeOutcome(String stamp, Outcome outcome) throws IOException {
        safety.repository().put(safety.fileKey(stamp, OUTCOME), Json.write(outcome).getBytes(StandardCharsets.UTF_8));
    }

    /** The outcome of the restore that took {@code stamp}, or null while it is pending or unknown. */
    public Outcome outcome(String stamp) {
        try (InputStream in = safety.repository().open(safety.fileKey(stamp, OUTCOME))) {
            return Json.MAPPER.readValue(in, Outcome.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw SnapdockException
                    .failed("the outcome of safety snapshot " + stamp + " is unreadable: " + e.getMessage());
        }
    }

    /** The run that took {@code stamp}, from its started.json (null when unreadable). */
    String startedBy(String stamp) {
        try (InputStream in = safety.repository().open(safety.fileKey(stamp, "started.json"))) {
            Object run = Json.MAPPER.readValue(in, java.util.Map.class).get("run");
            return run == null ? null : run.toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Newest first; one without a manifest (its taking was interrupted) is listed as incomplete. */
    public List<Summary> list() throws IOException {
        List<Summary> out = new ArrayList<>();
        for (String stamp : safety.stamps()) {
            Outcome o = outcome(stamp);
            Manifest m;
            try {
                m = safety.manifest(stamp);
            } catch (SnapdockException e) {
                out.add(new Summary(stamp, List.of(), 0, null, "incomplete", o == null ? null : o.run, null));
                continue;
            }
            out.add(new Summary(stamp, m.stores.stream().map(s -> s.name).toList(), m.totalSize(), m.startedAt,
                    o == null ? "pending" : o.state, o != null ? o.run : startedBy(stamp),
                    o == null ? null : o.restored));
        }
        return out;
    }
}
