package io.gatehouse.testsupport.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Collects the cases of one suite and writes them to {@code target/security-results/<suite>.json}; the e2e
 * report generator renders every such file into the table of docs/security.md.
 */
public final class SecurityResults {
    private final String module;
    private final String suite;
    private final String area;
    private final List<Map<String, Object>> cases = new ArrayList<>();

    /** {@code module}: the Maven module whose {@code target/} receives the file, as the report names it. */
    public SecurityResults(String module, String suite, String area) {
        this.module = module;
        this.suite = suite;
        this.area = area;
    }

    public synchronized void record(String name, String expected, String observed, boolean pass) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("area", area);
        c.put("case", name);
        c.put("expected", expected);
        c.put("observed", observed);
        c.put("pass", pass);
        cases.removeIf(existing -> existing.get("case").equals(name));
        cases.add(c);
    }

    public synchronized void write() {
        Path dir = Paths.get(System.getProperty("user.dir"), "target", "security-results");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("suite", suite);
        doc.put("module", module);
        doc.put("writtenAt", Instant.now().toString());
        doc.put("cases", cases);
        try {
            Files.createDirectories(dir);
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve(suite + ".json").toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
