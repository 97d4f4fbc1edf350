package io.snapdock.handlers;

import io.snapdock.exec.RunningCommand;
import io.snapdock.model.Manifest;
import io.snapdock.repo.snapshot.ArtifactOutput;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The step most handlers share: one tool's stdout streamed into one artifact. */
public final class ToolOutput {

    private ToolOutput() {
    }

    /**
     * Runs {@code argv} where the store's tools run and streams its stdout into {@code artifact};
     * the artifact is committed (and added to the store's entry) only when the tool exited 0.
     */
    public static void intoArtifact(StoreContext ctx, StoreHandler.BackupSink sink, Manifest.Artifact artifact,
                                    List<String> argv, Map<String, String> env, String what) throws IOException {
        try (RunningCommand cmd = ctx.runner().start(argv, env, false);
             ArtifactOutput out = sink.open(artifact)) {
            cmd.stdout().transferTo(out);
            cmd.awaitSuccess(what + " on " + ctx.spec().name(), ctx.timeout());
            ctx.entry().artifacts.add(out.commit());
        }
    }
}
