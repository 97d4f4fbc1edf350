package io.snapdock.handlers.nats;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdock.SnapdockException;
import io.snapdock.handlers.nats.StreamsJson.StreamRecord;
import io.snapdock.model.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.snapdock.handlers.nats.NatsApi.*;

/** streams.json: each stream's configuration and state as the server reported them at its snapshot. */
final class StreamsJson {

    static final int STREAMS_FORMAT = 1;
    /** streams.json is small; anything beyond this is not one. */
    static final int MAX_STREAMS_JSON = 64 * 1024 * 1024;

    private StreamsJson() {
    }

    /** One stream as streams.json recorded it. */
    record StreamRecord(String name, String artifact, JsonNode config, JsonNode state, boolean changedDuringSnapshot,
            String skipped) {
        long messages() {
            return state.path("messages").asLong();
        }

        /** A stream whose content was not snapshotted (memory storage): only its configuration is restorable. */
        boolean configOnly() {
            return skipped != null;
        }
    }

    /** Reads streams.json; a document that is not one is an error naming what is wrong. */
    static List<StreamRecord> parseStreams(byte[] json) {
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw SnapdockException.failed("not JSON: " + abbreviate(e.getOriginalMessage()));
        } catch (IOException e) {
            throw SnapdockException.failed("not JSON: " + abbreviate(e.getMessage()));
        }
        if (doc == null || !doc.isObject() || !doc.path("streams").isArray()) {
            throw SnapdockException.failed("no streams list");
        }
        List<StreamRecord> out = new ArrayList<>();
        for (JsonNode s : doc.get("streams")) {
            String name = s.path("name").asText("");
            String skipped = s.path("skipped").isTextual() ? s.get("skipped").asText() : null;
            if (name.isEmpty() || (skipped == null && !s.path("artifact").isTextual()) || !s.path("config").isObject()
                    || !s.path("state").isObject() || !s.path("state").path("messages").canConvertToLong()) {
                throw SnapdockException
                        .failed("stream entry " + out.size() + " lacks its name, artifact, config or state");
            }
            if (!name.equals(s.path("config").path("name").asText(name))) {
                throw SnapdockException.failed("stream " + name + " has the configuration of stream "
                        + s.path("config").path("name").asText());
            }
            out.add(new StreamRecord(name, skipped == null ? s.get("artifact").asText() : null, s.get("config"),
                    s.get("state"), s.path("changedDuringSnapshot").asBoolean(false), skipped));
        }
        return out;
    }

    /**
     * Whether a restored stream holds what streams.json recorded: the same number of messages, or
     * at least as many when the stream was written to while its snapshot was taken (the server
     * reports the state at the start; messages appended meanwhile can be in the snapshot too).
     */
    static String countProblem(StreamRecord s, long restoredMessages) {
        long expected = s.messages();
        if (restoredMessages == expected || (s.changedDuringSnapshot() && restoredMessages > expected)) {
            return null;
        }
        return "stream " + s.name() + " holds " + restoredMessages
                + " messages after the restore, the snapshot recorded " + expected;
    }
}
