package org.stancemap.web;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error pages with the security headers of {@link Security#HEADERS}. Jetty answers some requests
 * itself, before any handler of ours runs: a request it cannot parse (a malformed Host header or header line) gets
 * {@link #badMessageError}, one with an ambiguous or unsafe path ({@code %00}, {@code /../}) the server's error
 * handler. Both are this class, set on the {@link Server} by {@link WebServer}; pages stay Jetty's minimal ones,
 * without stacks or causes. Thread-safe (stateless apart from Jetty's settings).
 *
 * <p><em>Design decision: an error handler rather than a {@code HttpConfiguration.Customizer}.</em> A customizer
 * runs only for requests that were parsed, so the 400 for a malformed header line would still go out bare; the
 * error handler sees both kinds.
 */
final class JettyErrors extends ErrorHandler {
  JettyErrors() {
    setShowStacks(false);
    setShowCauses(false);
    setShowOrigin(false);
  }

  /** Installs it as the server's error handler. */
  static void install(Server server) {
    server.setErrorHandler(new JettyErrors());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    add(response.getHeaders());
    return super.handle(request, response, callback);
  }

  private static void add(HttpFields.Mutable fields) {
    Security.HEADERS.forEach(fields::put);
  }
}
