package io.gatehouse.sso.client;

import io.gatehouse.sso.config.SsoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Reads TXT records through the configured DNS server ({@code gatehouse.sso.dns.resolver}, host:port). */
@ApplicationScoped
public class DnsTxtLookup {
    private final SsoConfig config;

    public DnsTxtLookup(SsoConfig config) {
        this.config = config;
    }

    /** The TXT strings at {@code name}; empty when there are none or the server cannot answer. */
    public List<String> txt(String name) {
        try {
            String resolver = config.dns().resolver();
            int colon = resolver.lastIndexOf(':');
            String host = colon > 0 ? resolver.substring(0, colon) : resolver;
            int port = colon > 0 ? Integer.parseInt(resolver.substring(colon + 1)) : 53;
            SimpleResolver simple = new SimpleResolver(new InetSocketAddress(host, port));
            simple.setTimeout(config.dns().timeout());
            Lookup lookup = new Lookup(Name.fromString(name.endsWith(".") ? name : name + "."), Type.TXT, DClass.IN);
            lookup.setResolver(simple);
            lookup.setCache(null);
            Record[] records = lookup.run();
            List<String> values = new ArrayList<>();
            if (records != null) {
                for (Record record : records) {
                    if (record instanceof TXTRecord txt) {
                        values.add(String.join("", txt.getStrings()));
                    }
                }
            }
            return values;
        } catch (Exception e) {
            return List.of();
        }
    }
}
