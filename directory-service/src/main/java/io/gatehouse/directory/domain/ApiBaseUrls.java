package io.gatehouse.directory.domain;

import io.gatehouse.directory.config.DirectoryConfig;
import io.gatehouse.platform.domain.DomainException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The operator's allow-list of JumpCloud API base URLs ({@link DirectoryConfig.JumpCloudHosts}): the only hosts an
 * account's API key is ever sent to. An account admin picks among them; they cannot add one. URLs are compared in a
 * canonical form — lower-case scheme and host, no default port, no trailing {@code /} or {@code /api} (the same
 * trimming {@link io.gatehouse.directory.client.JumpCloudSession} does before it appends {@code /api/…}) — so two
 * spellings of one host compare equal and a look-alike host ({@code console.jumpcloud.com.evil.test},
 * {@code console.jumpcloud.com@evil.test}) never does. A bad entry in the configuration fails the start.
 */
@ApplicationScoped
@Startup
public class ApiBaseUrls {
    private final Set<String> allowed = new LinkedHashSet<>();

    @Inject
    public ApiBaseUrls(DirectoryConfig config) {
        this(
                config.jumpcloud().allowedBaseUrls(),
                config.jumpcloud().loopbackBaseUrls().orElse(List.of()));
    }

    ApiBaseUrls(List<String> httpsBaseUrls, List<String> loopbackBaseUrls) {
        for (String entry : httpsBaseUrls) {
            URI u = parseConfigured(entry, "allowed-base-urls");
            if (!"https".equals(u.getScheme().toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException("gatehouse.directory.jumpcloud.allowed-base-urls: '" + entry
                        + "' is not https (plain http is only possible for loopback-base-urls)");
            }
            allowed.add(canonical(u));
        }
        for (String entry : loopbackBaseUrls) {
            URI u = parseConfigured(entry, "loopback-base-urls");
            if (!isLoopback(u.getHost())) {
                throw new IllegalStateException("gatehouse.directory.jumpcloud.loopback-base-urls: '" + entry
                        + "' is not on a loopback host (localhost, 127.0.0.0/8, ::1)");
            }
            allowed.add(canonical(u));
        }
    }

    /** Parses an {@code apiBaseUrl} of the account API; 400 {@code invalid_api_base_url} when malformed. */
    public static URI parse(String raw) {
        try {
            return syntax(raw);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid(
                    "invalid_api_base_url",
                    "apiBaseUrl must be an absolute https URL without query, fragment or credentials");
        }
    }

    /** The URL if it is on the allow-list; else 400 {@code api_base_url_not_allowed}. */
    public String requireAllowed(String raw) {
        if (!allowed.contains(canonical(parse(raw)))) {
            throw DomainException.invalid(
                    "api_base_url_not_allowed",
                    "apiBaseUrl must be one of the JumpCloud API hosts this deployment allows");
        }
        return raw.trim();
    }

    /** Whether a stored URL is (still) on the allow-list; false for anything malformed. */
    public boolean allowed(String raw) {
        try {
            return allowed.contains(canonical(syntax(raw)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether two base URLs name the same API (canonical forms equal); a malformed one differs from everything. */
    public static boolean sameTarget(String a, String b) {
        try {
            return a != null && b != null && canonical(syntax(a)).equals(canonical(syntax(b)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static URI parseConfigured(String entry, String property) {
        try {
            return syntax(entry);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gatehouse.directory.jumpcloud." + property + ": '" + entry
                    + "' is not an absolute http(s) URL without query, fragment or credentials");
        }
    }

    private static URI syntax(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("blank");
        }
        URI u;
        try {
            u = new URI(raw.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http"))
                || u.getHost() == null
                || u.getRawUserInfo() != null
                || u.getRawQuery() != null
                || u.getRawFragment() != null
                || u.isOpaque()) {
            throw new IllegalArgumentException("not an absolute http(s) URL");
        }
        return u;
    }

    private static String canonical(URI u) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort();
        if (port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80) {
            port = -1;
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/api")) {
            path = path.substring(0, path.length() - 4);
        }
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (port == -1 ? "" : ":" + port) + path;
    }

    /** {@code localhost} or an IP literal in 127.0.0.0/8 or ::1; never resolves a name through DNS. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        boolean literal = h.startsWith("[") || h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!literal) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
