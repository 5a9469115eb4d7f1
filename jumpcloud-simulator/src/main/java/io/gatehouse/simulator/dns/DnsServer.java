package io.gatehouse.simulator.dns;

import io.gatehouse.simulator.config.SimulatorConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server for TXT records (domain verification), on UDP and TCP of one port.
 * Unknown names answer NXDOMAIN; known names answer their TXT records (other types: no data).
 */
@ApplicationScoped
public class DnsServer {

    private static final Logger LOG = Logger.getLogger(DnsServer.class);
    static final long TTL = 60;

    private final SimulatorConfig config;
    private final DnsZone zone;
    private DatagramSocket udp;
    private ServerSocket tcp;
    private ExecutorService threads;
    private volatile int port = -1;

    public DnsServer(SimulatorConfig config, DnsZone zone) {
        this.config = config;
        this.zone = zone;
    }

    void start(@Observes StartupEvent event) throws IOException {
        if (!config.dns().enabled()) {
            return;
        }
        InetAddress host = InetAddress.getByName(config.dns().host());
        IOException last = null;
        for (int attempt = 0; attempt < 10 && tcp == null; attempt++) {
            DatagramSocket datagram =
                    new DatagramSocket(new InetSocketAddress(host, config.dns().port()));
            try {
                ServerSocket server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(host, datagram.getLocalPort()));
                udp = datagram;
                tcp = server;
            } catch (IOException e) {
                datagram.close();
                last = e;
                if (config.dns().port() != 0) {
                    break;
                }
            }
        }
        if (tcp == null) {
            throw last;
        }
        port = udp.getLocalPort();
        threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "sim-dns");
            thread.setDaemon(true);
            return thread;
        });
        threads.submit(this::serveUdp);
        threads.submit(this::serveTcp);
        LOG.infof("DNS server listening on %s:%d (UDP and TCP)", config.dns().host(), port);
    }

    void stop(@Observes ShutdownEvent event) {
        if (udp != null) {
            udp.close();
        }
        try {
            if (tcp != null) {
                tcp.close();
            }
        } catch (IOException ignored) {
            // closing
        }
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    /** The bound port, or -1 when the server is disabled. */
    public int port() {
        return port;
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                byte[] answer = answer(query, 512);
                if (answer != null) {
                    udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            } catch (SocketException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debugf("DNS UDP error: %s", e.toString());
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket socket = tcp.accept();
                threads.submit(() -> serveConnection(socket));
            } catch (IOException e) {
                if (tcp.isClosed()) {
                    return;
                }
            } catch (RuntimeException e) {
                return;
            }
        }
    }

    private void serveConnection(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                int length = in.readUnsignedShort();
                byte[] query = new byte[length];
                in.readFully(query);
                byte[] answer = answer(query, 65535);
                if (answer == null) {
                    return;
                }
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // connection closed or timed out
        }
    }

    /** Builds the answer to one query; null when the query cannot even be parsed. */
    byte[] answer(byte[] wire, int maxLength) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return null;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY || question == null) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return response.toWire(maxLength);
        }
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        String key = name.toString(true).toLowerCase();
        if (!zone.exists(key)) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response.toWire(maxLength);
        }
        if (question.getType() == Type.TXT || question.getType() == Type.ANY) {
            for (String value : zone.txt(key).orElse(List.of())) {
                response.addRecord(new TXTRecord(name, DClass.IN, TTL, chunks(value)), Section.ANSWER);
            }
        }
        return response.toWire(maxLength);
    }

    /** TXT character-strings hold at most 255 bytes: long values are split as DNS providers do. */
    static List<String> chunks(String value) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            parts.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        if (parts.isEmpty()) {
            parts.add("");
        }
        return parts;
    }
}
