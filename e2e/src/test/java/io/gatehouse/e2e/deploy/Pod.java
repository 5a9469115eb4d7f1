package io.gatehouse.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One pod of a rendered Deployment as Docker containers: its init containers in order (each must exit 0), then
 * its container, each with exactly the spec's environment ({@code envFrom}, then {@code env}), user and group
 * ({@code runAsUser}, {@code runAsGroup}, {@code fsGroup} as a supplementary group), read-only root filesystem,
 * {@code emptyDir} volumes as tmpfs of their {@code sizeLimit}, ConfigMap/Secret volumes as read-only bind mounts
 * of their files, dropped capabilities, no privilege escalation and the CPU and memory limits. Host network; the
 * one change is the HTTP port ({@code QUARKUS_HTTP_PORT}, bound to 127.0.0.1), so that two replicas fit on one
 * host.
 */
final class Pod {
    static final String LABEL = "io.gatehouse.test";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final String deployment;
    final int port;
    private final JsonNode spec;
    private final Cluster cluster;
    private final Path logs;

    Pod(Cluster cluster, JsonNode deployment, int replica, int port, Path logs) {
        this.cluster = cluster;
        this.deployment = Rendered.name(deployment);
        this.name = this.deployment + "-" + replica;
        this.port = port;
        this.spec = deployment.path("spec").path("template").path("spec");
        this.logs = logs;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    JsonNode container() {
        return spec.path("containers").path(0);
    }

    String containerName() {
        return "gh-k8s-" + name;
    }

    /** Runs the init containers to completion, then starts the container (detached). */
    void start() {
        for (JsonNode init : spec.path("initContainers")) {
            String n = containerName() + "-" + init.path("name").asText();
            Docker.run("rm", "-f", n);
            Docker.Result r = Docker.run(dockerRun(init, n, false));
            save(n, r.output());
            if (r.exit() != 0) {
                throw new IllegalStateException("init container "
                        + init.path("name").asText() + " of " + name + " exited " + r.exit() + ":\n" + r.output());
            }
        }
        Docker.run("rm", "-f", containerName());
        Docker.Result r = Docker.run(dockerRun(container(), containerName(), true));
        if (r.exit() != 0) {
            throw new IllegalStateException("docker run of " + name + " failed:\n" + r.output());
        }
    }

    /** The probe's path, as the manifest declares it (its port is the container port, here {@link #port}). */
    String probePath(String probe) {
        JsonNode get = container().path(probe).path("httpGet");
        if (get.isMissingNode()) {
            throw new IllegalStateException(name + " has no " + probe + " httpGet");
        }
        String p = get.path("port").asText();
        boolean ours = p.equals(Integer.toString(containerPort()))
                || p.equals(container().path("ports").path(0).path("name").asText());
        if (!ours) {
            throw new IllegalStateException(name + "'s " + probe + " probes port " + p + ", not the container's");
        }
        return get.path("path").asText();
    }

    int containerPort() {
        return container().path("ports").path(0).path("containerPort").asInt();
    }

    /**
     * Waits as the kubelet would: the startup probe until it answers 200 within its budget (periodSeconds ×
     * failureThreshold), then the readiness probe.
     */
    void awaitReady(Duration readinessBudget) {
        JsonNode startup = container().path("startupProbe");
        Duration startupBudget =
                Duration.ofSeconds((long) startup.path("periodSeconds").asInt(10)
                        * startup.path("failureThreshold").asInt(3));
        await(probePath("startupProbe"), startupBudget);
        await(probePath("readinessProbe"), readinessBudget);
    }

    private void await(String path, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        while (System.nanoTime() < deadline) {
            if (status(path) == 200) {
                return;
            }
            if (!running()) {
                throw new IllegalStateException(name + " exited before " + path + " answered 200:\n" + logs());
            }
            sleep(500);
        }
        throw new IllegalStateException(name + ": " + path + " not 200 within " + budget + ":\n" + logs());
    }

    int status(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url() + path))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String get(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url() + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean running() {
        Docker.Result r = Docker.run("inspect", "--format", "{{.State.Running}}", containerName());
        return r.exit() == 0 && r.output().strip().equals("true");
    }

    /** {@code docker kill} (SIGKILL), as a crashed pod or a node lost. */
    void kill() {
        Docker.check("kill", containerName());
    }

    /** The kubelet restarting the crashed container (init containers do not run again). */
    void restart() {
        Docker.check("start", containerName());
    }

    /** {@code docker inspect} of the container: what Docker was actually asked to enforce. */
    JsonNode inspect() {
        return Docker.inspect(containerName());
    }

    String logs() {
        return Docker.run("logs", containerName()).output();
    }

    void saveLogs() {
        save(containerName(), logs());
    }

    /** Removes the pod's containers, the finished init containers included (their logs were saved as they ended). */
    void remove() {
        saveLogs();
        Docker.run("rm", "-f", containerName());
        for (JsonNode init : spec.path("initContainers")) {
            Docker.run("rm", "-f", containerName() + "-" + init.path("name").asText());
        }
    }

    private void save(String file, String text) {
        try {
            Files.createDirectories(logs);
            Files.writeString(logs.resolve(file + ".log"), text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code docker run} of one container spec; its environment goes to the docker CLI, not its arguments. */
    private Docker.Command dockerRun(JsonNode c, String containerName, boolean detach) {
        List<String> args = new ArrayList<>(List.of("run", "--name", containerName, "--label", LABEL + "=true"));
        if (detach) {
            args.add("-d");
        }
        args.addAll(List.of("--network", "host"));
        JsonNode podSc = spec.path("securityContext");
        JsonNode sc = c.path("securityContext");
        Function<String, JsonNode> setting = k -> sc.has(k) ? sc.path(k) : podSc.path(k);
        if (!setting.apply("runAsUser").isMissingNode()) {
            String user = setting.apply("runAsUser").asText();
            if (!setting.apply("runAsGroup").isMissingNode()) {
                user += ":" + setting.apply("runAsGroup").asText();
            }
            args.addAll(List.of("--user", user));
        }
        if (setting.apply("runAsNonRoot").asBoolean(false)
                && setting.apply("runAsUser").asInt(0) == 0) {
            throw new IllegalStateException(containerName + ": runAsNonRoot without a non-zero runAsUser");
        }
        if (podSc.has("fsGroup")) {
            args.addAll(List.of("--group-add", podSc.path("fsGroup").asText()));
        }
        if (sc.path("readOnlyRootFilesystem").asBoolean(false)) {
            args.add("--read-only");
        }
        if (sc.path("privileged").asBoolean(false)) {
            args.add("--privileged");
        }
        if (!sc.path("allowPrivilegeEscalation").asBoolean(true)) {
            args.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        for (JsonNode cap : sc.path("capabilities").path("drop")) {
            args.addAll(List.of("--cap-drop", cap.asText()));
        }
        for (JsonNode cap : sc.path("capabilities").path("add")) {
            args.addAll(List.of("--cap-add", cap.asText()));
        }
        JsonNode limits = c.path("resources").path("limits");
        if (limits.has("memory")) {
            String bytes = Long.toString(Quantity.bytes(limits.path("memory").asText()));
            // no swap: the limit is the limit, as on a kubelet with swap off
            args.addAll(List.of("--memory", bytes, "--memory-swap", bytes));
        }
        if (limits.has("cpu")) {
            args.addAll(List.of("--cpus", Quantity.cpus(limits.path("cpu").asText())));
        }
        for (JsonNode mount : c.path("volumeMounts")) {
            args.addAll(volume(mount));
        }
        Map<String, String> env = environment(c);
        for (String k : env.keySet()) {
            args.addAll(List.of("-e", k));
        }
        args.add(cluster.image(c.path("image").asText()));
        if (c.has("command")) {
            throw new IllegalStateException(containerName + ": a command override is not supported here");
        }
        for (JsonNode a : c.path("args")) {
            args.add(a.asText());
        }
        return new Docker.Command(args, env);
    }

    private List<String> volume(JsonNode mount) {
        String volumeName = mount.path("name").asText();
        String path = mount.path("mountPath").asText();
        JsonNode v = null;
        for (JsonNode candidate : spec.path("volumes")) {
            if (candidate.path("name").asText().equals(volumeName)) {
                v = candidate;
            }
        }
        if (v == null) {
            throw new IllegalStateException(name + ": no volume " + volumeName);
        }
        if (v.has("emptyDir")) {
            String size = v.path("emptyDir").has("sizeLimit")
                    ? ",size="
                            + Quantity.bytes(
                                    v.path("emptyDir").path("sizeLimit").asText())
                    : "";
            // an emptyDir is a world-writable directory (mode 0777) on the node, executable files allowed
            return List.of("--tmpfs", path + ":rw,exec,mode=1777" + size);
        }
        if (v.has("configMap") || v.has("secret")) {
            Path dir = cluster.volumeFiles(name, v);
            return List.of("--mount", "type=bind,source=" + dir + ",target=" + path + ",readonly");
        }
        throw new IllegalStateException(name + ": volume " + volumeName + " of an unsupported type: " + v);
    }

    /** {@code envFrom} in order, then {@code env} (which wins), then the port change. */
    Map<String, String> environment(JsonNode c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : c.path("envFrom")) {
            String prefix = from.path("prefix").asText("");
            if (from.has("configMapRef")) {
                cluster.configMap(from.path("configMapRef").path("name").asText())
                        .forEach((k, v) -> env.put(prefix + k, v));
            } else if (from.has("secretRef")) {
                cluster.secret(from.path("secretRef").path("name").asText()).forEach((k, v) -> env.put(prefix + k, v));
            } else {
                throw new IllegalStateException(name + ": unsupported envFrom " + from);
            }
        }
        for (JsonNode e : c.path("env")) {
            String k = e.path("name").asText();
            if (e.has("value")) {
                env.put(k, e.path("value").asText());
            } else if (e.path("valueFrom").has("secretKeyRef")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                env.put(
                        k,
                        cluster.secretKey(
                                ref.path("name").asText(), ref.path("key").asText()));
            } else if (e.path("valueFrom").has("configMapKeyRef")) {
                JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
                String value = cluster.configMap(ref.path("name").asText())
                        .get(ref.path("key").asText());
                if (value == null) {
                    throw new IllegalStateException(name + ": no key " + ref + " in its ConfigMap");
                }
                env.put(k, value);
            } else {
                throw new IllegalStateException(name + ": unsupported env source " + e);
            }
        }
        // the only change to the pod: its port (two replicas share the host's network), on loopback only
        if (c.has("ports")) {
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        }
        return env;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The docker CLI. */
    static final class Docker {
        record Command(List<String> args, Map<String, String> env) {}

        record Result(int exit, String output) {}

        static Result run(String... args) {
            return run(new Command(List.of(args), Map.of()));
        }

        static void check(String... args) {
            Result r = run(args);
            if (r.exit() != 0) {
                throw new IllegalStateException("docker " + String.join(" ", args) + " failed:\n" + r.output());
            }
        }

        static JsonNode inspect(String container) {
            Result r = run("inspect", container);
            if (r.exit() != 0) {
                throw new IllegalStateException("docker inspect " + container + ": " + r.output());
            }
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(r.output())
                        .path(0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Result run(Command c) {
            List<String> cmd = new ArrayList<>();
            cmd.add("docker");
            cmd.addAll(c.args());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(c.env());
            try {
                Process p = pb.start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(600, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "timed out: docker " + c.args());
                }
                return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot run docker (.ci/containers.sh up installs and starts it)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Kubernetes quantities. */
    static final class Quantity {
        private Quantity() {}

        static long bytes(String q) {
            String[][] units = {
                {"Ki", "1024"},
                {"Mi", "1048576"},
                {"Gi", "1073741824"},
                {"k", "1000"},
                {"M", "1000000"},
                {"G", "1000000000"}
            };
            for (String[] u : units) {
                if (q.endsWith(u[0])) {
                    return Long.parseLong(q.substring(0, q.length() - u[0].length())) * Long.parseLong(u[1]);
                }
            }
            return Long.parseLong(q);
        }

        static String cpus(String q) {
            return q.endsWith("m") ? Double.toString(Integer.parseInt(q.substring(0, q.length() - 1)) / 1000.0) : q;
        }
    }
}
