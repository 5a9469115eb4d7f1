package io.gatehouse.simulator.dns;

import io.gatehouse.simulator.domain.SimException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The TXT records the DNS server answers, by lower-case name without the trailing dot. */
@ApplicationScoped
public class DnsZone {

    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();

    public static String normalise(String name) {
        if (name == null) {
            throw SimException.badRequest("a DNS name is required");
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.isEmpty()
                || n.length() > 253
                || !n.matches("[a-z0-9_]([a-z0-9_-]{0,62})(\\.[a-z0-9_]([a-z0-9_-]{0,62}))*")) {
            throw SimException.badRequest("invalid DNS name " + name);
        }
        return n;
    }

    public void put(String name, List<String> values) {
        if (values == null || values.isEmpty() || values.stream().anyMatch(v -> v == null || v.length() > 4000)) {
            throw SimException.badRequest("txt must be a non-empty list of strings");
        }
        txt.put(normalise(name), List.copyOf(values));
    }

    public boolean delete(String name) {
        return txt.remove(normalise(name)) != null;
    }

    public Optional<List<String>> txt(String name) {
        return Optional.ofNullable(txt.get(name));
    }

    public boolean exists(String name) {
        return txt.containsKey(name);
    }

    public Map<String, List<String>> all() {
        return new TreeMap<>(txt);
    }

    public void clear() {
        txt.clear();
    }
}
