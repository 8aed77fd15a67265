package io.vidsift.downloader.hostile;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLServerSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real servers on loopback for the hostile-answer tests:
 * <ul>
 * <li>{@code api}: an https Hik Cloud API whose answers each test scripts (and which records what it was sent);</li>
 * <li>{@code cdn}: an https download host with a real MP4, redirects and whatever a test adds;</li>
 * <li>{@code raw}: a TLS socket that answers every request with bytes a test chooses (broken HTTP);</li>
 * <li>{@code victim}: a listener on 127.0.0.2 standing for an internal service: it only counts connections,
 * which must stay at zero.</li>
 * </ul>
 */
final class HostileServers implements AutoCloseable {

    final HttpsServer api;
    final HttpsServer cdn;
    final SSLServerSocket raw;
    final ServerSocket victim;
    final AtomicInteger victimConnections = new AtomicInteger();
    final Map<String, HttpHandler> apiRoutes = new ConcurrentHashMap<>();
    final Map<String, HttpHandler> cdnRoutes = new ConcurrentHashMap<>();
    final Queue<String> apiAuthorizations = new ConcurrentLinkedQueue<>();
    final Queue<String> apiBodies = new ConcurrentLinkedQueue<>();
    final Queue<String> cdnRequests = new ConcurrentLinkedQueue<>();
    final AtomicReference<byte[]> rawAnswer = new AtomicReference<>(new byte[0]);
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-server");
        t.setDaemon(true);
        return t;
    });

    HostileServers(TestTls tls) throws IOException {
        api = https(tls, exchange -> {
            apiAuthorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            apiBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            route(apiRoutes, exchange);
        });
        cdn = https(tls, exchange -> {
            StringBuilder seen = new StringBuilder(exchange.getRequestURI().getRawPath());
            exchange.getRequestHeaders().forEach((name, values) -> seen.append(' ').append(name.toLowerCase()).append('=').append(values));
            cdnRequests.add(seen.toString());
            route(cdnRoutes, exchange);
        });
        raw = (SSLServerSocket) tls.context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        threads.submit(() -> serveRaw());
        victim = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"));
        threads.submit(() -> {
            while (!victim.isClosed()) {
                try (Socket ignored = victim.accept()) {
                    victimConnections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    String apiBase() {
        return "https://127.0.0.1:" + api.getAddress().getPort();
    }

    int cdnPort() {
        return cdn.getAddress().getPort();
    }

    int rawPort() {
        return raw.getLocalPort();
    }

    int victimPort() {
        return victim.getLocalPort();
    }

    private HttpsServer https(TestTls tls, HttpHandler handler) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.context));
        server.createContext("/", exchange -> {
            try (exchange) {
                handler.handle(exchange);
            }
        });
        server.setExecutor(threads);
        server.start();
        return server;
    }

    private static void route(Map<String, HttpHandler> routes, HttpExchange exchange) throws IOException {
        HttpHandler handler = routes.get(exchange.getRequestURI().getPath());
        if (handler == null) {
            send(exchange, 404, "text/plain", "no route".getBytes(StandardCharsets.UTF_8), Map.of());
        } else {
            handler.handle(exchange);
        }
    }

    static void send(HttpExchange exchange, int status, String type, byte[] body, Map<String, String> headers) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static HttpHandler json(String body) {
        return exchange -> send(exchange, 200, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static HttpHandler redirect(int status, String location) {
        return exchange -> send(exchange, status, "text/plain", new byte[0], Map.of("Location", location));
    }

    private void serveRaw() {
        while (!raw.isClosed()) {
            try (Socket socket = raw.accept()) {
                InputStream in = socket.getInputStream();
                int matched = 0; // read the request head up to the blank line, then answer
                byte[] end = {'\r', '\n', '\r', '\n'};
                int b;
                while (matched < 4 && (b = in.read()) >= 0) {
                    matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                socket.getOutputStream().write(rawAnswer.get());
                socket.getOutputStream().flush();
            } catch (IOException e) {
                if (raw.isClosed()) {
                    return;
                }
            }
        }
    }

    List<String> cdnRequestsFor(String path) {
        return cdnRequests.stream().filter(r -> r.startsWith(path + " ") || r.equals(path)).toList();
    }

    @Override
    public void close() throws IOException {
        api.stop(0);
        cdn.stop(0);
        raw.close();
        victim.close();
        threads.shutdownNow();
    }
}
