package io.gatehouse.e2e.hardening;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cases of one hardening suite, written to {@code e2e/target/security-results/<suite>.json} as they are
 * recorded (case, expected, observed, pass). {@link SecurityReportTest} renders them into docs/security.md.
 */
final class Results {
    static final Path DIR = Paths.get(System.getProperty("user.dir"), "target", "security-results");

    private final String suite;
    private final List<Map<String, Object>> cases = new ArrayList<>();

    Results(String suite) {
        this.suite = suite;
    }

    /** Records a case and rewrites the file, so a later failure still leaves what was observed. */
    synchronized void record(String area, String name, String expected, String observed, boolean pass) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("area", area);
        c.put("case", name);
        c.put("expected", expected);
        c.put("observed", observed);
        c.put("pass", pass);
        cases.removeIf(e -> e.get("case").equals(name) && e.get("area").equals(area));
        cases.add(c);
        write();
    }

    private void write() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("suite", suite);
        doc.put("module", "e2e");
        doc.put("writtenAt", Instant.now().toString());
        doc.put("cases", cases);
        try {
            Files.createDirectories(DIR);
            Http.JSON
                    .copy()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(DIR.resolve(suite + ".json").toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
