package io.gatehouse.directory.domain;

import io.gatehouse.directory.config.DirectoryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Seals the JumpCloud API keys at rest with platform's {@link io.gatehouse.platform.crypto.SecretCipher}
 * (AES-256-GCM with a key id), the account id as context so a ciphertext copied to another account does not
 * open. {@code gatehouse.directory.encryption-key} is one key or a key ring ({@code id:base64,…}, the first
 * sealing); keys stored before key ids existed (layout 1) still open.
 */
@ApplicationScoped
public class SecretCipher {
    private final io.gatehouse.platform.crypto.SecretCipher cipher;

    @Inject
    public SecretCipher(DirectoryConfig config) {
        this(config.encryptionKey());
    }

    SecretCipher(String configured) {
        this.cipher = io.gatehouse.platform.crypto.SecretCipher.fromConfig(
                "gatehouse.directory.encryption-key",
                configured,
                32,
                io.gatehouse.platform.crypto.SecretCipher.Legacy.VERSION_1);
    }

    public byte[] encrypt(String accountId, String plaintext) {
        return cipher.encrypt(accountId, plaintext);
    }

    public String decrypt(String accountId, byte[] stored) {
        return cipher.decryptString(accountId, stored);
    }
}
