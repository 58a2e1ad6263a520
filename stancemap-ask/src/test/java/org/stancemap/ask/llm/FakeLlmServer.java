package org.stancemap.ask.llm;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import org.stancemap.json.Json;
import org.stancemap.json.JsonWriter;

/**
 * A local HTTP server on 127.0.0.1 that speaks OpenAI's chat-completions protocol ({@code POST
 * /v1/chat/completions}) and Ollama's ({@code POST /api/chat}), answering with a scripted reply, and recording each
 * request body and its Authorization header.
 */
final class FakeLlmServer implements AutoCloseable {
  /** A scripted reply: the HTTP status, the raw body (null: a protocol body around {@code content}), a delay. */
  record Script(int status, String content, String rawBody, long delayMillis, String finishReason) {
    static Script content(String content) {
      return new Script(200, content, null, 0, "stop");
    }
  }

  private final HttpServer server;
  private volatile Script script = Script.content("{\"answer\": \"\"}");
  final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
  final List<String> auth = Collections.synchronizedList(new ArrayList<>());

  FakeLlmServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/v1/chat/completions", ex -> handle(ex, false));
    server.createContext("/api/chat", ex -> handle(ex, true));
    server.start();
  }

  void reply(Script s) {
    this.script = s;
  }

  void replyContent(String content) {
    this.script = Script.content(content);
  }

  String openAiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  String ollamaUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(com.sun.net.httpserver.HttpExchange ex, boolean ollama) throws IOException {
    bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String a = ex.getRequestHeaders().getFirst("Authorization");
    auth.add(a == null ? "" : a);
    Script s = script;
    if (s.delayMillis() > 0) {
      try {
        Thread.sleep(s.delayMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String body = s.rawBody() != null ? s.rawBody() : ollama ? ollamaBody(s) : openAiBody(s);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    try {
      ex.sendResponseHeaders(s.status(), bytes.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(bytes);
      }
    } catch (IOException closedByClient) {
      // the client gave up (timeout test)
    }
  }

  private static String openAiBody(Script s) {
    Json msg = Json.obj().put("role", "assistant").put("content", s.content()).build();
    Json choice = Json.obj().put("index", 0).put("message", msg).put("finish_reason", s.finishReason()).build();
    return JsonWriter.compact(Json.obj().put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1L)
        .put("model", "fake").put("choices", Json.arr(List.of(choice)))
        .put("usage", Json.obj().put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15).build())
        .build());
  }

  private static String ollamaBody(Script s) {
    Json msg = Json.obj().put("role", "assistant").put("content", s.content()).build();
    return JsonWriter.compact(Json.obj().put("model", "fake").put("created_at", "2026-12-01T00:00:00Z")
        .put("message", msg).put("done", true).put("done_reason", s.finishReason().equals("length") ? "length"
        : "stop").put("prompt_eval_count", 10).put("eval_count", 5).build());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
