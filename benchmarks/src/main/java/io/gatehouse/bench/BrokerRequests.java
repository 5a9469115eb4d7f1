package io.gatehouse.bench;

import com.sun.tools.attach.VirtualMachine;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The requests a Kafka broker served over a few seconds, by type, from its own JMX counters
 * ({@code kafka.network:type=RequestMetrics,name=RequestsPerSec,request=*}): which client settings make an idle broker
 * work. Attaches to the broker's JVM by pid (the JDK's attach API starts its local management agent), so it runs
 * after a measured window, never during one.
 */
final class BrokerRequests {
    private static final String REQUESTS = "kafka.network:type=RequestMetrics,name=RequestsPerSec,*";

    private BrokerRequests() {}

    /** Requests per second by type over {@code seconds}; only the types served at least once. */
    static Map<String, Double> perSecond(long pid, int seconds) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            Map<String, Long> before = counts(server);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            Map<String, Long> after = counts(server);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> rates = new TreeMap<>();
            after.forEach((type, count) -> {
                long served = count - before.getOrDefault(type, 0L);
                if (served > 0) {
                    rates.put(type, served / elapsed);
                }
            });
            return rates;
        }
    }

    private static Map<String, Long> counts(MBeanServerConnection server) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (ObjectName name : server.queryNames(new ObjectName(REQUESTS), null)) {
            Object count = server.getAttribute(name, "Count");
            counts.merge(name.getKeyProperty("request"), ((Number) count).longValue(), Long::sum);
        }
        return counts;
    }
}
