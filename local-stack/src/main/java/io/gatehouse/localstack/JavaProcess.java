package io.gatehouse.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Starts a main class of this classpath in a child JVM, its output appended to a log file. */
public final class JavaProcess {
    static final String NOHUP = "/usr/bin/nohup";

    private JavaProcess() {}

    public static Process start(String mainClass, List<String> jvmArgs, List<String> args, Path log) {
        return start(mainClass, jvmArgs, args, log, false);
    }

    /**
     * {@code detached}: under {@code nohup} with its input from {@code /dev/null}, so that it outlives the launcher
     * and the terminal ({@code ./gatehouse up --detach}).
     */
    public static Process start(String mainClass, List<String> jvmArgs, List<String> args, Path log, boolean detached) {
        List<String> command = new ArrayList<>();
        if (detached && Files.isExecutable(Paths.get(NOHUP))) {
            command.add(NOHUP);
        }
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(currentClasspath());
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The classpath of this JVM. Under Maven Surefire it may be a single "manifest-only" jar whose Class-Path
     * attribute lists the real entries; those are expanded.
     */
    public static String currentClasspath() {
        String cp = System.getProperty("java.class.path");
        String[] entries = cp.split(File.pathSeparator);
        if (entries.length == 1 && entries[0].endsWith(".jar")) {
            try (JarFile jar = new JarFile(entries[0])) {
                Manifest manifest = jar.getManifest();
                String classPath =
                        manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                if (classPath != null && !classPath.isBlank()) {
                    List<String> expanded = new ArrayList<>();
                    Path base = Paths.get(entries[0]).toAbsolutePath().getParent();
                    for (String url : classPath.trim().split("\\s+")) {
                        URI uri = base.toUri().resolve(url);
                        expanded.add(Paths.get(uri).toString());
                    }
                    return String.join(File.pathSeparator, expanded);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cp;
    }
}
