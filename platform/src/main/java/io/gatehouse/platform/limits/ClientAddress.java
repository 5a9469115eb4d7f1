package io.gatehouse.platform.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The client address a request is counted against: the TCP peer, or — only when the operator declared
 * {@code trusted-proxy-hops} = n > 0 — the n-th {@code X-Forwarded-For} entry from the right (each trusted proxy
 * appends the address it saw; entries further left are the client's to write and never trusted). IPv6 addresses
 * count per /64, the smallest block a single subscriber is usually given.
 */
public final class ClientAddress {
    private ClientAddress() {}

    /** {@code forwardedFor}: every {@code X-Forwarded-For} header value, in order (may be empty). */
    public static String of(String peer, List<String> forwardedFor, int trustedHops) {
        String address = peer;
        if (trustedHops > 0 && forwardedFor != null && !forwardedFor.isEmpty()) {
            List<String> hops = new ArrayList<>();
            for (String header : forwardedFor) {
                for (String part : header.split(",")) {
                    if (!part.isBlank()) {
                        hops.add(part.trim());
                    }
                }
            }
            if (!hops.isEmpty()) {
                address = hops.get(Math.max(0, hops.size() - trustedHops));
            }
        }
        return normalize(address);
    }

    /** An IP literal canonicalized (IPv6 cut to its /64); anything else is kept as is, at most 64 characters. */
    static String normalize(String address) {
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        String literal =
                address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (literal.indexOf(':') >= 0 && literal.matches("[0-9A-Fa-f:.%a-zA-Z0-9]{2,64}")) {
            int zone = literal.indexOf('%');
            try {
                byte[] b = InetAddress.getByName(zone < 0 ? literal : literal.substring(0, zone))
                        .getAddress();
                if (b.length == 16) {
                    return String.format(
                            "%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64", b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
                }
                return InetAddress.getByAddress(b).getHostAddress();
            } catch (UnknownHostException e) {
                // not a literal: fall through
            }
        }
        return literal.length() > 64 ? literal.substring(0, 64) : literal;
    }
}
