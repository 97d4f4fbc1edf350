package io.snapdock.repo.content;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SealTest {

    private final Seal seal = Seal.aesGcm(new byte[32]);
    private final byte[] plain = "the one copy that matters".getBytes(StandardCharsets.UTF_8);
    private final byte[] aad = "chunk-1".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealedBytesOpenToThePlaintextAndHideIt() throws Exception {
        byte[] sealed = seal.seal(plain, aad);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("copy that matters");
        assertThat(seal.open(sealed, 0, sealed.length, aad)).isEqualTo(plain);
        assertThat(seal.seal(plain, aad)).isNotEqualTo(sealed);
    }

    @Test
    void aFlippedBitFailsTheTag() {
        byte[] sealed = seal.seal(plain, aad);
        sealed[sealed.length / 2] ^= 1;
        assertThatThrownBy(() -> seal.open(sealed, 0, sealed.length, aad)).isInstanceOf(Seal.BrokenSealException.class);
    }

    @Test
    void aBlobOpenedAsAnotherChunkFails() {
        byte[] sealed = seal.seal(plain, aad);
        assertThatThrownBy(() -> seal.open(sealed, 0, sealed.length, "chunk-2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Seal.BrokenSealException.class);
    }

    @Test
    void anotherKeyCannotOpen() {
        byte[] sealed = seal.seal(plain, aad);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> Seal.aesGcm(other).open(sealed, 0, sealed.length, aad))
                .isInstanceOf(Seal.BrokenSealException.class);
    }
}
