package io.gatehouse.platform.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.platform.crypto.SecretCipher.Legacy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** One AES-GCM cipher with key ids for every secret at rest, opening what the two earlier copies wrote. */
class SecretCipherTest {
    private static final String K1 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String K2 =
            Base64.getEncoder().encodeToString("another-32-byte-key-for-tests!!!".getBytes(StandardCharsets.US_ASCII));
    /** Written by directory-service's SecretCipher before key ids (layout 0x01), key K1, account "acme". */
    private static final String DIRECTORY_V1 = "ATfYr9XDZbopJw7opA5qM2RnEAgPSk5qZ44UuDaczqXfAGG0OgVKL8HpfFRN4yJUug==";
    /** Written by sso-service's JwtKeys before key ids (nonce || sealed, no AAD), key = its %test KEK. */
    private static final String JWT_UNVERSIONED =
            "oO2bauSqa5TQ75fqA/pKjYL2mbHoK8tGaWxsWID3W+3Nyr/1l0iG21Vzsw42g2Ku4YI+TVMhGw==";

    private static final String JWT_TEST_KEK = "dGVzdC1vbmx5LWp3dC1rZXktZW5jcnlwdGlvbi1rISE=";

    @Test
    void encryptWhenSameValueTwiceThenFreshNonceAndBothOpen() {
        SecretCipher cipher = SecretCipher.fromConfig("p", K1, 32, Legacy.NONE);
        byte[] a = cipher.encrypt("acme", "jc-key");
        byte[] b = cipher.encrypt("acme", "jc-key");
        assertFalse(Arrays.equals(a, b));
        assertEquals("jc-key", cipher.decryptString("acme", a));
        assertEquals("jc-key", cipher.decryptString("acme", b));
    }

    @Test
    void decryptWhenAnotherContextOrATamperedByteThenRefused() {
        SecretCipher cipher = SecretCipher.fromConfig("p", K1, 32, Legacy.NONE);
        byte[] sealed = cipher.encrypt("acme", "jc-key");
        assertThrows(IllegalStateException.class, () -> cipher.decrypt("globex", sealed));
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> cipher.decrypt("acme", tampered));
    }

    @Test
    void encryptWhenKeyRingThenSealedWithTheFirstKeyAndItsIdIsStored() {
        SecretCipher cipher = SecretCipher.fromConfig("p", "k2:" + K2 + ", k1:" + K1, 32, Legacy.NONE);
        byte[] sealed = cipher.encrypt("acme", "jc-key");
        assertEquals("k2", cipher.currentKeyId());
        assertEquals(2, sealed[0]);
        assertEquals("k2", new String(sealed, 2, sealed[1], StandardCharsets.US_ASCII));
        SecretCipher onlyK1 = SecretCipher.fromConfig("p", K1, 32, Legacy.NONE);
        assertThrows(IllegalStateException.class, () -> onlyK1.decrypt("acme", sealed));
    }

    @Test
    void decryptWhenKeyRotatedThenValuesSealedWithTheOldKeyStillOpen() {
        byte[] old = SecretCipher.fromConfig("p", K1, 32, Legacy.NONE).encrypt("acme", "jc-key");
        SecretCipher rotated = SecretCipher.fromConfig("p", "k2:" + K2 + ",k1:" + K1, 32, Legacy.NONE);
        assertEquals("jc-key", rotated.decryptString("acme", old));
        SecretCipher dropped = SecretCipher.fromConfig("p", "k2:" + K2, 32, Legacy.NONE);
        assertThrows(IllegalStateException.class, () -> dropped.decrypt("acme", old));
    }

    @Test
    void decryptWhenDirectoryVersion1RowThenItOpensAndStillBindsTheAccount() {
        byte[] stored = Base64.getDecoder().decode(DIRECTORY_V1);
        SecretCipher rotated = SecretCipher.fromConfig("p", "k2:" + K2 + ",k1:" + K1, 32, Legacy.VERSION_1);
        assertEquals("jc-api-key-from-2025", rotated.decryptString("acme", stored));
        assertThrows(IllegalStateException.class, () -> rotated.decrypt("globex", stored));
        SecretCipher noLegacy = SecretCipher.fromConfig("p", K1, 32, Legacy.NONE);
        assertThrows(IllegalStateException.class, () -> noLegacy.decrypt("acme", stored));
    }

    @Test
    void decryptWhenUnversionedJwtKeyThenItOpens() {
        SecretCipher cipher = SecretCipher.fromConfig("p", JWT_TEST_KEK, 16, Legacy.UNVERSIONED);
        String plain = cipher.decryptString("kid-1", Base64.getDecoder().decode(JWT_UNVERSIONED));
        assertEquals("{\"kty\":\"RSA\",\"legacy\":true}", plain);
    }

    @Test
    void fromConfigWhenKeyMalformedThenRefusedWithoutEchoingIt() {
        IllegalStateException shortKey = assertThrows(
                IllegalStateException.class,
                () -> SecretCipher.fromConfig("gatehouse.x.key", "c2hvcnQ=", 32, Legacy.NONE));
        assertTrue(shortKey.getMessage().contains("256 bits"));
        assertFalse(shortKey.getMessage().contains("c2hvcnQ="));
        assertThrows(IllegalStateException.class, () -> SecretCipher.fromConfig("p", "not base64!", 16, Legacy.NONE));
        assertThrows(IllegalStateException.class, () -> SecretCipher.fromConfig("p", "", 16, Legacy.NONE));
        assertThrows(
                IllegalStateException.class,
                () -> SecretCipher.fromConfig("p", "a:" + K1 + ",a:" + K2, 16, Legacy.NONE));
        assertThrows(IllegalStateException.class, () -> SecretCipher.fromConfig("p", "b@d:" + K1, 16, Legacy.NONE));
    }
}
