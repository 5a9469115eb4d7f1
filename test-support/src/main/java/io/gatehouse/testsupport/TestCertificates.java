package io.gatehouse.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and one server certificate it signed (SAN {@code IP:127.0.0.1},
 * {@code DNS:localhost}), made at test time with the JDK's {@code keytool}: the server's PKCS12 key store, a PKCS12
 * trust store holding the CA, and the CA as PEM (what a Strimzi cluster CA Secret's {@code ca.crt} holds). Valid for
 * two days; nothing is ever written outside {@code dir}.
 */
public record TestCertificates(Path keystore, Path truststore, String password, String caPem) {

    /** Makes the CA and the server certificate in {@code dir}, protected by {@code password}. */
    public static TestCertificates create(Path dir, String password) {
        Path ca = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.pem");
        Path keystore = dir.resolve("server.p12");
        Path csr = dir.resolve("server.csr");
        Path signed = dir.resolve("server.pem");
        Path truststore = dir.resolve("truststore.p12");
        keytool(
                "-genkeypair",
                "-keystore",
                ca,
                "-storetype",
                "PKCS12",
                "-storepass",
                password,
                "-alias",
                "ca",
                "-dname",
                "CN=Gatehouse test CA",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-ext",
                "bc:c");
        keytool("-exportcert", "-rfc", "-keystore", ca, "-storepass", password, "-alias", "ca", "-file", caPem);
        keytool(
                "-genkeypair",
                "-keystore",
                keystore,
                "-storetype",
                "PKCS12",
                "-storepass",
                password,
                "-alias",
                "server",
                "-dname",
                "CN=localhost",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2");
        keytool("-certreq", "-keystore", keystore, "-storepass", password, "-alias", "server", "-file", csr);
        keytool(
                "-gencert",
                "-rfc",
                "-keystore",
                ca,
                "-storepass",
                password,
                "-alias",
                "ca",
                "-infile",
                csr,
                "-outfile",
                signed,
                "-validity",
                "2",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-ext",
                "EKU=serverAuth");
        // the chain: the CA first, then the signed certificate replaces the self-signed one under the key's alias
        keytool(
                "-importcert",
                "-noprompt",
                "-keystore",
                keystore,
                "-storepass",
                password,
                "-alias",
                "ca",
                "-file",
                caPem);
        keytool(
                "-importcert",
                "-noprompt",
                "-keystore",
                keystore,
                "-storepass",
                password,
                "-alias",
                "server",
                "-file",
                signed);
        keytool(
                "-importcert",
                "-noprompt",
                "-keystore",
                truststore,
                "-storetype",
                "PKCS12",
                "-storepass",
                password,
                "-alias",
                "ca",
                "-file",
                caPem);
        try {
            return new TestCertificates(
                    keystore, truststore, password, Files.readString(caPem, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keytool(Object... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        for (Object a : args) {
            command.add(a.toString());
        }
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
