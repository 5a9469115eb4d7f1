package io.gatehouse.platform.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets at rest (JumpCloud API keys, the JWT signing keys) sealed with AES-GCM: a random 96-bit nonce per value,
 * a 128-bit tag, and the id of the key that sealed it, so keys can rotate: new values are sealed with the current
 * key, values sealed with an older key still open while that key stays configured.
 *
 * <p>Stored layout: {@code 0x02 || len(kid) (1 byte) || kid (ASCII) || nonce (12) || ciphertext+tag}; the
 * associated data is the header ({@code 0x02 || len || kid}) followed by the caller's context (e.g. the account id,
 * so a value copied to another account does not open). Values written before key ids existed still open
 * ({@link Legacy}), trying each configured key.
 *
 * <p>Keys are configured as one property: a bare base64 key (id {@value #DEFAULT_KEY_ID}) or
 * {@code id:base64,id:base64,…}, the first sealing and all opening. Error messages never contain key material.
 */
public final class SecretCipher {
    public static final String DEFAULT_KEY_ID = "k1";
    private static final byte VERSION = 2;
    private static final byte LEGACY_VERSION_1 = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Layouts written before this class, each still opened. */
    public enum Legacy {
        /** Nothing before this layout. */
        NONE,
        /** directory-service's first layout: {@code 0x01 || nonce || ciphertext+tag}, the context as AAD. */
        VERSION_1,
        /** sso-service's first JWT-key layout: {@code nonce || ciphertext+tag}, no AAD. */
        UNVERSIONED
    }

    private final String currentId;
    private final Map<String, SecretKeySpec> keys;
    private final Legacy legacy;
    private final SecureRandom random = new SecureRandom();

    private SecretCipher(String currentId, Map<String, SecretKeySpec> keys, Legacy legacy) {
        this.currentId = currentId;
        this.keys = keys;
        this.legacy = legacy;
    }

    /**
     * The cipher of a configured key ring ({@code property} names it in errors). Each key must decode to 16, 24 or
     * 32 bytes and at least {@code minKeyBytes}.
     */
    public static SecretCipher fromConfig(String property, String configured, int minKeyBytes, Legacy legacy) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException(property + " is not configured");
        }
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        String currentId = null;
        for (String entry : configured.trim().split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            String id = colon < 0 ? DEFAULT_KEY_ID : trimmed.substring(0, colon).trim();
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException(property + ": a key id must be 1 to 64 of A-Z a-z 0-9 . _ -");
            }
            if (keys.containsKey(id)) {
                throw new IllegalStateException(property + ": key id " + id + " appears twice");
            }
            keys.put(
                    id,
                    new SecretKeySpec(
                            decode(property, id, trimmed.substring(colon + 1).trim(), minKeyBytes), "AES"));
            if (currentId == null) {
                currentId = id;
            }
        }
        return new SecretCipher(currentId, Map.copyOf(keys), legacy);
    }

    private static byte[] decode(String property, String id, String base64, int minKeyBytes) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + ": key " + id + " is not valid base64");
        }
        if (raw.length < minKeyBytes || (raw.length != 16 && raw.length != 24 && raw.length != 32)) {
            throw new IllegalStateException(property + ": key " + id + " must be "
                    + (minKeyBytes >= 32 ? "256 bits (32 bytes)" : "16, 24 or 32 bytes") + ", got " + raw.length
                    + " bytes");
        }
        return raw;
    }

    /** The id of the key new values are sealed with. */
    public String currentKeyId() {
        return currentId;
    }

    public byte[] encrypt(String context, byte[] plaintext) {
        byte[] kid = currentId.getBytes(StandardCharsets.US_ASCII);
        byte[] header = ByteBuffer.allocate(2 + kid.length)
                .put(VERSION)
                .put((byte) kid.length)
                .put(kid)
                .array();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header);
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(header.length + NONCE_BYTES + sealed.length)
                    .put(header)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public byte[] encrypt(String context, String plaintext) {
        return encrypt(context, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    /** The plaintext of a stored value sealed for this context; an {@link IllegalStateException} if it does not open. */
    public byte[] decrypt(String context, byte[] stored) {
        if (stored == null) {
            throw new IllegalStateException("no stored secret");
        }
        Optional<byte[]> plain = openCurrentLayout(context, stored);
        if (plain.isEmpty()
                && legacy == Legacy.VERSION_1
                && stored.length >= 1 + NONCE_BYTES + TAG_BYTES
                && stored[0] == LEGACY_VERSION_1) {
            plain = openWithAnyKey(stored, 1, context.getBytes(StandardCharsets.UTF_8));
        }
        if (plain.isEmpty() && legacy == Legacy.UNVERSIONED && stored.length >= NONCE_BYTES + TAG_BYTES) {
            plain = openWithAnyKey(stored, 0, new byte[0]);
        }
        return plain.orElseThrow(() ->
                new IllegalStateException("stored secret does not decrypt with the configured keys " + keys.keySet()));
    }

    public String decryptString(String context, byte[] stored) {
        return new String(decrypt(context, stored), StandardCharsets.UTF_8);
    }

    private Optional<byte[]> openCurrentLayout(String context, byte[] stored) {
        if (stored.length < 2 || stored[0] != VERSION) {
            return Optional.empty();
        }
        int kidLength = stored[1] & 0xff;
        int headerLength = 2 + kidLength;
        if (kidLength == 0 || stored.length < headerLength + NONCE_BYTES + TAG_BYTES) {
            return Optional.empty();
        }
        SecretKeySpec key = keys.get(new String(stored, 2, kidLength, StandardCharsets.US_ASCII));
        if (key == null) {
            return Optional.empty();
        }
        byte[] contextBytes = context.getBytes(StandardCharsets.UTF_8);
        byte[] aad = ByteBuffer.allocate(headerLength + contextBytes.length)
                .put(stored, 0, headerLength)
                .put(contextBytes)
                .array();
        return open(key, stored, headerLength, aad);
    }

    private Optional<byte[]> openWithAnyKey(byte[] stored, int nonceAt, byte[] aad) {
        for (SecretKeySpec key : keys.values()) {
            Optional<byte[]> plain = open(key, stored, nonceAt, aad);
            if (plain.isPresent()) {
                return plain;
            }
        }
        return Optional.empty();
    }

    private static Optional<byte[]> open(SecretKeySpec key, byte[] stored, int nonceAt, byte[] aad) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, nonceAt, NONCE_BYTES));
            cipher.updateAAD(aad);
            int body = nonceAt + NONCE_BYTES;
            return Optional.of(cipher.doFinal(stored, body, stored.length - body));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
