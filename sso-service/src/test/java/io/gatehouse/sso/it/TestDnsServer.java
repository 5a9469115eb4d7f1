package io.gatehouse.sso.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative UDP DNS responder on loopback (dnsjava wire format) answering TXT records set by tests,
 * standing in for the simulator's DNS server. Returns {@code gatehouse.sso.dns.resolver}.
 */
public class TestDnsServer implements QuarkusTestResourceLifecycleManager {
    private static final Map<String, List<String>> TXT = new ConcurrentHashMap<>();
    private static DatagramSocket socket;

    public static void setTxt(String name, String... values) {
        TXT.put(key(name), List.of(values));
    }

    private static String key(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }

    @Override
    public synchronized Map<String, String> start() {
        try {
            if (socket == null) {
                socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                Thread thread = new Thread(TestDnsServer::serve, "test-dns");
                thread.setDaemon(true);
                thread.start();
            }
            return Map.of("gatehouse.sso.dns.resolver", "127.0.0.1:" + socket.getLocalPort());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Record question = query.getQuestion();
                Message answer = new Message(query.getHeader().getID());
                answer.getHeader().setFlag(Flags.QR);
                answer.getHeader().setFlag(Flags.AA);
                answer.addRecord(question, Section.QUESTION);
                List<String> values = question.getType() == Type.TXT
                        ? TXT.get(key(question.getName().toString()))
                        : null;
                if (values == null) {
                    answer.getHeader().setRcode(Rcode.NXDOMAIN);
                } else {
                    for (String value : values) {
                        answer.addRecord(
                                new TXTRecord(Name.fromString(question.getName().toString()), DClass.IN, 60, value),
                                Section.ANSWER);
                    }
                }
                byte[] wire = answer.toWire(512);
                socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (Exception e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM
    }
}
