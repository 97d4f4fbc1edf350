package io.snapdock.repo.content;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkerTest {

    private static final byte[] SEED = "seed".getBytes();

    /** Cuts {@code data} the way ChunkedObject does: full buffers, then the rest at the end. */
    static List<Integer> cuts(Chunker c, byte[] data) {
        List<Integer> out = new ArrayList<>();
        int off = 0;
        while (off < data.length) {
            int n = c.cut(data, off, Math.min(c.max(), data.length - off));
            out.add(n);
            off += n;
        }
        return out;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void chunkSizesStayWithinBoundsAndAverageNearTheTarget() {
        Chunker c = new Chunker(SEED, 16 * 1024, 64 * 1024, 512 * 1024);
        List<Integer> sizes = cuts(c, random(16 * 1024 * 1024, 1));
        assertThat(sizes.subList(0, sizes.size() - 1)).allSatisfy(n -> assertThat(n).isBetween(16 * 1024, 512 * 1024));
        double avg = sizes.stream().mapToInt(Integer::intValue).average().orElseThrow();
        assertThat(avg).isBetween(40.0 * 1024, 110.0 * 1024);
    }

    @Test
    void anInsertionMovesOnlyTheBoundariesNearIt() {
        Chunker c = new Chunker(SEED, 16 * 1024, 64 * 1024, 512 * 1024);
        byte[] original = random(8 * 1024 * 1024, 2);
        byte[] edited = new byte[original.length + 100];
        int at = 3 * 1024 * 1024;
        System.arraycopy(original, 0, edited, 0, at);
        System.arraycopy(random(100, 3), 0, edited, at, 100);
        System.arraycopy(original, at, edited, at + 100, original.length - at);
        List<Integer> a = cuts(c, original);
        List<Integer> b = cuts(c, edited);
        // Chunks after the edit are the same sizes again (same content, same id): only one or two differ.
        List<Integer> tailA = a.subList(a.size() - 20, a.size());
        List<Integer> tailB = b.subList(b.size() - 20, b.size());
        assertThat(tailB).isEqualTo(tailA);
        assertThat(Math.abs(a.size() - b.size())).isLessThanOrEqualTo(2);
    }

    @Test
    void theSeedDecidesTheBoundaries() {
        byte[] data = random(4 * 1024 * 1024, 4);
        List<Integer> one = cuts(new Chunker("one".getBytes(), 16 * 1024, 64 * 1024, 512 * 1024), data);
        List<Integer> two = cuts(new Chunker("two".getBytes(), 16 * 1024, 64 * 1024, 512 * 1024), data);
        assertThat(one).isNotEqualTo(two);
        assertThat(cuts(new Chunker("one".getBytes(), 16 * 1024, 64 * 1024, 512 * 1024), data)).isEqualTo(one);
    }

    @Test
    void uniformDataIsCutAtTheMaximum() {
        Chunker c = new Chunker(SEED, 1024, 4096, 32 * 1024);
        assertThat(cuts(c, new byte[100 * 1024])).containsExactly(32768, 32768, 32768, 4096);
    }

    @Test
    void refusesSizesThatDoNotNest() {
        assertThatThrownBy(() -> new Chunker(SEED, 4096, 4096, 8192)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Chunker(SEED, 1024, 3000, 8192)).isInstanceOf(IllegalArgumentException.class);
    }
}
