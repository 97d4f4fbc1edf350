package io.snapdock.exec;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ChunkPipeTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void dataFromAnotherThreadArrivesInOrder() throws Exception {
        ChunkPipe pipe = new ChunkPipe(2);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 500; i++) {
            expected.write(bytes("chunk-" + i + ";"));
        }
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                pipe.put(bytes("chunk-" + i + ";"));
                pipe.put(new byte[0]);
            }
            pipe.finish(null);
        }, "chunk-pipe-producer");
        producer.start();
        try {
            assertThat(pipe.read()).isEqualTo('c');
            byte[] rest = pipe.readAllBytes();
            assertThat("c" + new String(rest, StandardCharsets.UTF_8))
                    .isEqualTo(expected.toString(StandardCharsets.UTF_8));
            assertThat(pipe.read()).isEqualTo(-1);
            assertThat(pipe.read(new byte[4], 0, 4)).isEqualTo(-1);
        } finally {
            producer.join(Duration.ofSeconds(5).toMillis());
        }
        assertThat(producer.isAlive()).isFalse();
    }

    @Test
    void anErrorSurfacesAfterTheData() throws IOException {
        ChunkPipe pipe = new ChunkPipe(4);
        pipe.put(bytes("abc"));
        pipe.finish(new IOException("stream broke"));

        assertThat(pipe.readNBytes(3)).isEqualTo(bytes("abc"));
        assertThat(pipe.read(new byte[8], 0, 0)).isZero();
        assertThatThrownBy(pipe::read).isInstanceOf(IOException.class).hasMessage("stream broke");
    }

    @Test
    void closingTheReaderReleasesABlockedProducer() {
        ChunkPipe pipe = new ChunkPipe(1);
        pipe.put(bytes("fills the queue"));
        Thread producer = new Thread(() -> {
            pipe.put(bytes("blocked"));
            pipe.put(bytes("dropped"));
            pipe.finish(null);
        }, "chunk-pipe-blocked-producer");
        producer.setDaemon(true);
        producer.start();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> producer.getState() == Thread.State.TIMED_WAITING || !producer.isAlive());
        assertThat(producer.isAlive()).as("put waits while the queue is full").isTrue();

        pipe.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !producer.isAlive());
    }
}
