package org.stancemap.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.stancemap.InvalidInputException;
import org.stancemap.ask.question.Synonyms;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.LanguageDetector;
import org.stancemap.search.SearchIndex;
import org.stancemap.search.store.StoreIndexes;
import org.stancemap.sources.http.AddressGuard;
import org.stancemap.sources.http.HttpSettings;
import org.stancemap.sources.http.SafeHttp;
import org.stancemap.store.Store;
import org.stancemap.web.ServerSettings;
import org.stancemap.web.WebServer;
import org.stancemap.web.Workbench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stancemap serve}: the analyst's workbench in the browser, over a corpus store (a thin adapter). */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve the workbench (corpus, document, analyze, ask, review, dashboards, codebook pages and a "
        + "JSON API with /openapi.json) over a corpus store.", "",
        "Binds 127.0.0.1 by default. Bound to any other address it requires a token: --token, or one generated and "
        + "printed once; open the printed address (with ?token=...) or send 'Authorization: Bearer TOKEN'."},
    footer = {"", "Examples:", "  stancemap serve --db corpus.db", "  stancemap serve --db corpus.db --host 0.0.0.0 "
        + "--port 8080"})
final class ServeCommand implements Callable<Integer> {
  @CommandLine.Mixin SharedOptions shared = new SharedOptions();
  @CommandLine.Mixin DbOption db = new DbOption();

  @Option(names = "--port", paramLabel = "N", defaultValue = "7070", description = "Port. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--host", paramLabel = "H", defaultValue = ServerSettings.DEFAULT_HOST,
      description = "Address to bind. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--token", paramLabel = "T", description = "Access token (at least 16 characters); required "
      + "off loopback, generated when not given there.")
  String token;

  @Option(names = "--index", paramLabel = "DIR", description = "The search index folder. Default: beside the "
      + "database, as for 'stancemap search'.")
  Path index;

  @Option(names = "--max-upload", paramLabel = "BYTES", defaultValue = "5242880",
      description = "Largest upload or pasted text. Default: ${DEFAULT-VALUE}.")
  long maxUpload;

  @Option(names = "--no-fetch", description = "Switch off URL analysis (no outgoing connections).")
  boolean noFetch;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String t = token;
    if (t == null && !ServerSettings.isLoopback(host)) {
      t = org.stancemap.web.WebServer.newToken();
    }
    ServerSettings settings;
    try {
      settings = new ServerSettings(host, port, t, maxUpload);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
    Path dir = index != null ? index : StoreIndexes.defaultFor(db.db);
    try (Store store = db.open(err); Wiring wiring = new Wiring(shared, err);
        SearchIndex idx = SearchIndex.open(dir, wiring.embedding())) {
      DocumentReader reader = new DocumentReader(new LanguageDetector(wiring.cacheDir()),
          DocumentReader.DEFAULT_MAX_BYTES, null);
      SafeHttp http = noFetch ? null : new SafeHttp(HttpSettings.defaults(maxUpload), AddressGuard.of(false));
      Workbench wb = new Workbench(db.db, store, wiring.codebook(), wiring.analyzer(), wiring.embedding(), idx,
          reader, http, Synonyms.builtin(wiring.codebook()));
      CountDownLatch stopped = new CountDownLatch(1);
      try (WebServer server = WebServer.start(wb, settings, new PrintStream(System.err, true, StandardCharsets.UTF_8))) {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        out.println("stancemap: serving " + store.describe() + " at http://" + shown + ":" + server.port() + "/"
            + (t != null && token == null ? "?token=" + t + "  (generated token; shown once)" : ""));
        out.flush();
        Thread hook = new Thread(stopped::countDown);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
          stopped.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // stopped by the caller (a test, an embedding program)
        }
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is shutting down: the hook has run
        }
      }
      return StancemapTool.OK;
    }
  }
}
