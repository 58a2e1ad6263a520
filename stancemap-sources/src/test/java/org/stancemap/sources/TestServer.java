package org.stancemap.sources;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on 127.0.0.1 and a random port, serving fixtures registered per path. */
public final class TestServer implements AutoCloseable {
  /** Answers one request. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpExchange ex) throws IOException;
  }

  private final HttpServer server;
  private final Map<String, Handler> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  /** The User-Agent header of every request, in order. */
  public final List<String> userAgents = new CopyOnWriteArrayList<>();

  public TestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", ex -> {
      try (ex) {
        String path = ex.getRequestURI().getRawPath();
        String key = ex.getRequestURI().getRawQuery() == null ? path : path + "?" + ex.getRequestURI().getRawQuery();
        hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        userAgents.add(String.valueOf(ex.getRequestHeaders().getFirst("User-Agent")));
        Handler h = routes.get(key);
        if (h == null) {
          h = routes.get(path);
        }
        if (h == null) {
          byte[] b = "not found".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(404, b.length);
          ex.getResponseBody().write(b);
          return;
        }
        h.handle(ex);
      } catch (IOException e) {
        // the client went away (a timeout or size test); nothing to do
      }
    });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  public TestServer route(String path, Handler h) {
    routes.put(path, h);
    return this;
  }

  /** A fixed body with a Content-Type (null for none) and a Content-Length. */
  public TestServer page(String path, String contentType, String body) {
    return route(path, ex -> send(ex, 200, contentType, body.getBytes(StandardCharsets.UTF_8)));
  }

  public TestServer html(String path, String body) {
    return page(path, "text/html; charset=utf-8", body);
  }

  public TestServer redirect(String path, int status, String location) {
    return route(path, ex -> {
      ex.getResponseHeaders().add("Location", location);
      ex.sendResponseHeaders(status, -1);
    });
  }

  public TestServer status(String path, int status) {
    return route(path, ex -> send(ex, status, "text/plain", ("status " + status).getBytes(StandardCharsets.UTF_8)));
  }

  public static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    if (contentType != null) {
      ex.getResponseHeaders().add("Content-Type", contentType);
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
