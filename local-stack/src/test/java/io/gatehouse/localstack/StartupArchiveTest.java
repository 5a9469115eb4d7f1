package io.gatehouse.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which start-up archive a service's JVM gets (ADR 0021 AppCDS, ADR 0032 AOT cache). */
class StartupArchiveTest {
    @TempDir
    Path quarkusApp;

    @Test
    void aJava25StartReadsTheAotCacheItsTrainingWrote() throws IOException {
        Files.createFile(quarkusApp.resolve("app.aot"));
        Files.createFile(quarkusApp.resolve("app-cds.jsa"));

        assertEquals(List.of("-XX:AOTCache=app.aot"), GatehouseStack.startupArchive(quarkusApp, 25, true, false));
        assertEquals(List.of("-XX:AOTCache=app.aot"), GatehouseStack.startupArchive(quarkusApp, 26, true, false));
    }

    @Test
    void aJava17StartLeavesTheAotCacheAloneAndKeepsAppCds() throws IOException {
        Files.createFile(quarkusApp.resolve("app.aot"));

        assertEquals(List.of(), GatehouseStack.startupArchive(quarkusApp, 17, true, false));

        Files.createFile(quarkusApp.resolve("app-cds.jsa"));
        assertEquals(
                List.of("-XX:SharedArchiveFile=app-cds.jsa"),
                GatehouseStack.startupArchive(quarkusApp, 17, true, false));
    }

    @Test
    void noArchiveMeansNoFlagAndTurningThemOffMeansNoFlagEither() throws IOException {
        assertEquals(List.of(), GatehouseStack.startupArchive(quarkusApp, 25, true, false));

        Files.createFile(quarkusApp.resolve("app.aot"));
        Files.createFile(quarkusApp.resolve("app-cds.jsa"));
        assertEquals(List.of(), GatehouseStack.startupArchive(quarkusApp, 25, false, false));
    }

    @Test
    void trainingWritesTheCacheAtExitAndNeedsJava25() throws IOException {
        Files.createFile(quarkusApp.resolve("app.aot")); // an old cache is replaced, not read

        assertEquals(List.of("-XX:AOTCacheOutput=app.aot"), GatehouseStack.startupArchive(quarkusApp, 25, true, true));
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> GatehouseStack.startupArchive(quarkusApp, 17, true, true));
        assertTrue(e.getMessage().contains("Java 25"), e.getMessage());
    }
}
