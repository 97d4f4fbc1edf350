package io.snapdock.repo.content;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * How a blob (a compressed chunk, a pack header, an index file) is protected at rest. With a key:
 * AES-256-GCM, a random 96-bit nonce per blob, stored as {@code nonce || ciphertext || tag}; the
 * associated data binds a blob to what it must be (a chunk to its id), so a blob moved or swapped
 * fails like a tampered one. Without a key: the bytes as they are (integrity then rests on the
 * chunk id, a keyed hash of the plaintext, checked on every read).
 */
public abstract class Seal {

    /** Thrown when a blob fails its authentication check. */
    public static final class BrokenSealException extends Exception {
        BrokenSealException(String message) {
            super(message);
        }
    }

    public abstract String name();

    public abstract boolean encrypted();

    public abstract byte[] seal(byte[] plain, byte[] aad);

    public abstract byte[] open(byte[] sealed, int off, int len, byte[] aad) throws BrokenSealException;

    public static Seal none() {
        return new Seal() {
            @Override
            public String name() {
                return "none";
            }

            @Override
            public boolean encrypted() {
                return false;
            }

            @Override
            public byte[] seal(byte[] plain, byte[] aad) {
                return plain;
            }

            @Override
            public byte[] open(byte[] sealed, int off, int len, byte[] aad) {
                return off == 0 && len == sealed.length ? sealed : Arrays.copyOfRange(sealed, off, off + len);
            }
        };
    }

    public static Seal aesGcm(byte[] key) {
        return new AesGcm(key);
    }

    private static final class AesGcm extends Seal {
        private static final int NONCE = 12;
        private static final int TAG_BITS = 128;
        private static final SecureRandom RANDOM = new SecureRandom();
        private final SecretKeySpec key;

        AesGcm(byte[] key) {
            this.key = new SecretKeySpec(key, "AES");
        }

        @Override
        public String name() {
            return "aes-256-gcm";
        }

        @Override
        public boolean encrypted() {
            return true;
        }

        @Override
        public byte[] seal(byte[] plain, byte[] aad) {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
                c.updateAAD(aad);
                byte[] out = new byte[NONCE + c.getOutputSize(plain.length)];
                System.arraycopy(nonce, 0, out, 0, NONCE);
                c.doFinal(plain, 0, plain.length, out, NONCE);
                return out;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM unavailable", e);
            }
        }

        @Override
        public byte[] open(byte[] sealed, int off, int len, byte[] aad) throws BrokenSealException {
            if (len < NONCE + TAG_BITS / 8) {
                throw new BrokenSealException("too short to be sealed");
            }
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, off, NONCE));
                c.updateAAD(aad);
                return c.doFinal(sealed, off + NONCE, len - NONCE);
            } catch (javax.crypto.AEADBadTagException e) {
                throw new BrokenSealException("authentication tag does not match");
            } catch (GeneralSecurityException e) {
                throw new BrokenSealException("cannot be decrypted: " + e.getClass().getSimpleName());
            }
        }
    }
}
