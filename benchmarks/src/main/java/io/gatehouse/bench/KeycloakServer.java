package io.gatehouse.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatehouse.localstack.Ports;
import io.gatehouse.testsupport.Postgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keycloak (the {@code keycloak-quarkus-dist} zip from Maven Central, unpacked into {@code target/} by the
 * {@code side-by-side} profile) as a SAML identity broker: production mode ({@code kc.sh build} once for PostgreSQL,
 * then {@code start --optimized}), its own database in the benchmark's embedded PostgreSQL, local caches (one node,
 * like the Gatehouse stack it is compared with), plain HTTP on a free loopback port, heap {@code -Xms512m -Xmx1g}.
 * The realm is generated at run time and imported at start ({@code --import-realm}): see {@link #realm}.
 */
final class KeycloakServer implements AutoCloseable {
    static final String VERSION = "26.7.3";
    static final String REALM = "bench";
    static final String IDP_ALIAS = "driver";
    static final String CLIENT_ID = "bench-app";
    /** The OIDC client's redirect URI: never contacted, the driver reads the code from the redirect. */
    static final String REDIRECT_URI = "http://127.0.0.1:9/bench-app/callback";
    /** The driver-IdP's SSO URL: never contacted, the driver reads the AuthnRequest from the redirect. */
    static final String IDP_SSO_URL = "http://127.0.0.1:9/driver-idp/sso";

    static final String FIRST_LOGIN_FLOW = "bench first broker login";
    static final String HEAP = "-Xms512m -Xmx1g";

    final Path home;
    final Path logs;
    final int port = Ports.free();
    final int managementPort = Ports.free();
    final List<String> extraJvmOptions = new ArrayList<>();
    double startupSeconds;
    private Process process;
    private long jvmPid = -1;

    KeycloakServer(Path home, Path logs) {
        this.home = home;
        this.logs = logs;
    }

    /** {@code -Dbench.keycloak.home}, else {@code target/keycloak/keycloak-<version>} of the benchmarks module. */
    static Path defaultHome() {
        String configured = System.getProperty("bench.keycloak.home");
        return configured != null
                ? Paths.get(configured)
                : Paths.get(System.getProperty("user.dir"), "target", "keycloak", "keycloak-" + VERSION);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String realmUrl() {
        return url() + "/realms/" + REALM;
    }

    /** Where the driver-IdP posts its responses (Destination, Recipient). */
    String brokerEndpoint() {
        return realmUrl() + "/broker/" + IDP_ALIAS + "/endpoint";
    }

    /** Keycloak's SP Entity ID towards the driver-IdP (the Audience), set explicitly in the realm. */
    String spEntityId() {
        return realmUrl();
    }

    /** The Keycloak JVM: kc.sh runs it as its child (and stays to forward signals), so not {@code process.pid()}. */
    long pid() {
        if (jvmPid < 0) {
            jvmPid = process.toHandle()
                    .descendants()
                    .filter(p ->
                            io.gatehouse.testsupport.ProcessCpu.comm(p.pid()).equals("java"))
                    .mapToLong(ProcessHandle::pid)
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException("no Keycloak JVM under kc.sh (pid " + process.pid() + ")"));
        }
        return jvmPid;
    }

    /**
     * Builds the distribution for PostgreSQL once (a marker file remembers it), writes the realm, starts Keycloak
     * on database {@code database} and waits until the realm answers.
     */
    KeycloakServer start(Postgres pg, String database, Saml.IdpKey key, String idpEntityId) {
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak is not unpacked at " + home
                    + "; run the side-by-side profile (it unpacks org.keycloak:keycloak-quarkus-dist:" + VERSION + ")");
        }
        try {
            Files.createDirectories(logs);
            Path marker = home.resolve(".bench-built-for-postgres");
            if (!Files.exists(marker)) {
                run(
                        List.of(
                                home.resolve("bin/kc.sh").toString(),
                                "build",
                                "--db=postgres",
                                "--health-enabled=true"),
                        logs.resolve("keycloak-build.log"));
                Files.writeString(marker, "kc.sh build --db=postgres --health-enabled=true\n");
            }
            Path imports = home.resolve("data/import");
            Files.createDirectories(imports);
            Path realmFile = imports.resolve(REALM + "-realm.json");
            Http.JSON
                    .copy()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(realmFile.toFile(), realm(key, idpEntityId));
            String jdbc = pg.database(database);
            List<String> cmd = List.of(
                    home.resolve("bin/kc.sh").toString(),
                    "start",
                    "--optimized",
                    "--import-realm",
                    "--db-url=" + jdbc,
                    "--db-username=" + pg.user(),
                    "--db-password=" + pg.password(),
                    "--http-enabled=true",
                    "--http-host=127.0.0.1",
                    "--http-port=" + port,
                    "--http-management-port=" + managementPort,
                    "--hostname-strict=false",
                    "--cache=local");
            ProcessBuilder b = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            logs.resolve("keycloak.log").toFile()));
            b.environment().put("JAVA_HOME", System.getProperty("java.home"));
            b.environment().put("JAVA_OPTS_KC_HEAP", HEAP);
            List<String> append = new ArrayList<>(List.of(JvmThreads.KEEP_COMPILER_THREADS));
            append.addAll(extraJvmOptions);
            b.environment().put("JAVA_OPTS_APPEND", String.join(" ", append));
            Runtime.getRuntime().addShutdownHook(new Thread(this::close));
            long t0 = System.nanoTime();
            process = b.start();
            awaitRealm();
            startupSeconds = (System.nanoTime() - t0) / 1e9;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitRealm() {
        Http.awaitOk(
                realmUrl() + "/.well-known/openid-configuration",
                process,
                Duration.ofSeconds(300),
                200,
                "Keycloak",
                logs.resolve("keycloak.log"));
    }

    private void run(List<String> cmd, Path log) throws IOException {
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = b.start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The realm: a SAML identity provider whose IdP is the driver (signature validation on with the driver's
     * certificate, assertions must be signed, POST binding for responses, Redirect binding for AuthnRequests,
     * email NameID as the username, the email/firstName/lastName attributes mapped), a first-broker-login flow of
     * one step without a form (Create User If Unique: no review profile, no account linking), and a public OIDC
     * client whose logins go straight to that provider ({@code kc_idp_hint}).
     */
    Map<String, Object> realm(Saml.IdpKey key, String idpEntityId) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("entityId", spEntityId());
        config.put("idpEntityId", idpEntityId);
        config.put("singleSignOnServiceUrl", IDP_SSO_URL);
        config.put("nameIDPolicyFormat", "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
        config.put("principalType", "SUBJECT");
        config.put("postBindingResponse", "true");
        config.put("postBindingAuthnRequest", "false");
        config.put("postBindingLogout", "false");
        config.put("wantAuthnRequestsSigned", "false");
        config.put("wantAssertionsSigned", "true");
        config.put("wantAssertionsEncrypted", "false");
        config.put("validateSignature", "true");
        config.put("signingCertificate", certificateBase64(key));
        config.put("allowedClockSkew", "120");
        config.put("syncMode", "IMPORT");
        Map<String, Object> idp = new LinkedHashMap<>();
        idp.put("alias", IDP_ALIAS);
        idp.put("providerId", "saml");
        idp.put("enabled", true);
        idp.put("trustEmail", true);
        idp.put("storeToken", false);
        idp.put("firstBrokerLoginFlowAlias", FIRST_LOGIN_FLOW);
        idp.put("config", config);
        List<Map<String, Object>> mappers = new ArrayList<>();
        for (String attribute : List.of("email", "firstName", "lastName")) {
            mappers.add(Map.of(
                    "name",
                    attribute,
                    "identityProviderAlias",
                    IDP_ALIAS,
                    "identityProviderMapper",
                    "saml-user-attribute-idp-mapper",
                    "config",
                    Map.of("syncMode", "INHERIT", "attribute.name", attribute, "user.attribute", attribute)));
        }
        Map<String, Object> createUser = new LinkedHashMap<>();
        createUser.put("authenticator", "idp-create-user-if-unique");
        createUser.put("authenticatorFlow", false);
        createUser.put("requirement", "REQUIRED");
        createUser.put("priority", 10);
        createUser.put("userSetupAllowed", false);
        Map<String, Object> flow = new LinkedHashMap<>();
        flow.put("alias", FIRST_LOGIN_FLOW);
        flow.put("description", "creates the brokered user without any form");
        flow.put("providerId", "basic-flow");
        flow.put("topLevel", true);
        flow.put("builtIn", false);
        flow.put("authenticationExecutions", List.of(createUser));
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", CLIENT_ID);
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put("publicClient", true);
        client.put("standardFlowEnabled", true);
        client.put("directAccessGrantsEnabled", false);
        client.put("redirectUris", List.of(REDIRECT_URI));
        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("realm", REALM);
        realm.put("enabled", true);
        realm.put("sslRequired", "none");
        realm.put("clients", List.of(client));
        realm.put("authenticationFlows", List.of(flow));
        realm.put("identityProviders", List.of(idp));
        realm.put("identityProviderMappers", mappers);
        return realm;
    }

    private static String certificateBase64(Saml.IdpKey key) {
        try {
            return Base64.getEncoder().encodeToString(key.certificate().getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
