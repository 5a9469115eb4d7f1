package io.gatehouse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables a service cannot start without in the {@code prod} profile, as its
 * {@code application.properties} lists them for {@code io.gatehouse.platform.RequiredSecrets}:
 * {@code %prod.gatehouse.required-secrets.<ENV_VAR>=${property}}.
 */
public final class RequiredSecrets {

    private static final Pattern REQUIRED =
            Pattern.compile("^%prod\\.gatehouse\\.required-secrets\\.([A-Z][A-Z0-9_]*)=");

    private RequiredSecrets() {}

    public static Set<String> of(String service) {
        Set<String> names = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(PublicPaths.repositoryRoot()
                    .resolve(service)
                    .resolve("src/main/resources/application.properties"))) {
                Matcher m = REQUIRED.matcher(line.trim());
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
