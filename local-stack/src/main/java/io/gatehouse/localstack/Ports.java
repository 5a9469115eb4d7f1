package io.gatehouse.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Loopback port helpers. */
public final class Ports {
    private Ports() {}

    /** Ports already handed out by this JVM: the OS may offer a just-closed port again before anyone binds it. */
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    /**
     * A port that was free a moment ago on 127.0.0.1 and that this JVM has not handed out before (so two servers
     * started one after the other never get the same port).
     */
    public static int free() {
        while (true) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (GIVEN.add(port)) {
                return port;
            }
        }
    }

    public static boolean open(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until something listens on the port, or throws after the timeout. */
    public static void awaitOpen(int port, Duration timeout, Process process) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (open(port)) {
                return;
            }
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(
                        "process exited with " + process.exitValue() + " before port " + port + " opened");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("port " + port + " not open after " + timeout);
    }
}
