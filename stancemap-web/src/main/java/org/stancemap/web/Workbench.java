package org.stancemap.web;

import java.nio.file.Path;
import java.util.Objects;
import org.stancemap.analysis.Analyzer;
import org.stancemap.ask.question.Synonyms;
import org.stancemap.codebook.Codebook;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.search.SearchIndex;
import org.stancemap.sources.http.SafeHttp;
import org.stancemap.store.Store;

/**
 * What the web server works with, chosen by the composition root ({@code cli.ServeCommand}, or a test). The server
 * does not close these; their owner does.
 *
 * @param db the database as given to {@code --db} (a path or a JDBC URL); the web module reads and writes it
 *     through {@code store} only
 * @param store the corpus store over the same database
 * @param analyzer the pipeline for the Analyze page
 * @param embedding the embedding model (semantic search and ask), or null
 * @param index the search index, or null (search and query filters then answer 400 with an explanation)
 * @param reader reads pasted, uploaded and fetched bytes into documents
 * @param http the SSRF-guarded fetcher for URL analysis, or null (URL analysis disabled)
 * @param synonyms question synonyms for ask
 * @param files the folder for retrained models ({@code stancemap.models/}) and edited codebooks
 *     ({@code stancemap.codebooks/}), or null: {@code DB.models/} and {@code DB.codebooks/} beside a SQLite file,
 *     the working directory for a JDBC URL
 */
public record Workbench(String db, Store store, Codebook codebook, Analyzer analyzer, EmbeddingModel embedding,
    SearchIndex index, DocumentReader reader, SafeHttp http, Synonyms synonyms, Path files) {
  public Workbench {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(codebook, "codebook");
    Objects.requireNonNull(analyzer, "analyzer");
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(synonyms, "synonyms");
  }

  /** A workbench with the default folders for models and codebooks. */
  public Workbench(String db, Store store, Codebook codebook, Analyzer analyzer, EmbeddingModel embedding,
      SearchIndex index, DocumentReader reader, SafeHttp http, Synonyms synonyms) {
    this(db, store, codebook, analyzer, embedding, index, reader, http, synonyms, null);
  }
}
