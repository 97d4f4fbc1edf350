package io.snapdock.processors.backup;

import io.snapdock.SnapdockException;
import io.snapdock.model.Manifest;
import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.snapshot.ArtifactOutput;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.run.SnapshotDraft;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Stop mode only: after the container runs again, sends the copy staged on local disk to the
 * repository. The checksum is computed again on the way and must match the staged one.
 */
public class UploadStagedProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        Snapshots staging = exchange.getProperty(RunExchange.STAGING, Snapshots.class);
        if (staging == null) {
            return;
        }
        SnapshotDraft draft = RunExchange.context(exchange).draft();
        Manifest.StoreEntry entry = exchange.getProperty(RunExchange.ENTRY, Manifest.StoreEntry.class);
        List<Manifest.Artifact> uploadedArtifacts = new ArrayList<>();
        for (Manifest.Artifact staged : entry.artifacts) {
            Manifest.Artifact copy = new Manifest.Artifact();
            copy.name = staged.name;
            copy.kind = staged.kind;
            copy.database = staged.database;
            copy.format = staged.format;
            copy.rows = staged.rows;
            try (InputStream in = staging.readArtifact(draft.stamp(), entry.name, staged);
                 ArtifactOutput out = draft.view().openArtifact(draft.stamp(), entry.name, copy)) {
                in.transferTo(out);
                Manifest.Artifact uploaded = out.commit();
                if (!uploaded.sha256.equals(staged.sha256) || uploaded.size != staged.size) {
                    throw SnapdockException
                            .failed("staged copy of " + entry.name + "/" + staged.name + " changed on its way"
                                    + " to the repository (SHA-256 " + uploaded.sha256 + " vs " + staged.sha256 + ")");
                }
                uploadedArtifacts.add(uploaded);
            }
        }
        // The manifest lists the repository's copies (their chunks), not the staged files.
        entry.artifacts = uploadedArtifacts;
    }
}
