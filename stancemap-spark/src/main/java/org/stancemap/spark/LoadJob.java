package org.stancemap.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.stancemap.InvalidInputException;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.document.SourceItem;
import org.stancemap.store.AnalysisCodec;
import org.stancemap.store.AnalysisKey;
import org.stancemap.store.Outcome;
import org.stancemap.store.Put;
import org.stancemap.store.Store;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code load}: brings the output of {@code analyze} into a corpus store (SQLite file or PostgreSQL), so that the
 * workbench, search and ask work on what the cluster computed. Documents are imported as one import run, then every
 * document whose analysis under the output's model and codebook is not stored yet gets it, with its sentence
 * vectors when the output has them. Idempotent: loading the same output again stores nothing new.
 *
 * <p>Design decision: the driver writes, one document per transaction, streaming the table
 * ({@code toLocalIterator}); a store is one database, and its writes are serial whatever the cluster's size.
 */
final class LoadJob {
  private LoadJob() {}

  /** What a load did. */
  record Summary(long documents, long imported, long analyses) {}

  static Summary run(SparkSession spark, String output, String db) {
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(output);
    Dataset<Row> docs;
    try {
      docs = spark.read().parquet(new org.apache.hadoop.fs.Path(out, "documents").toString());
    } catch (RuntimeException e) {
      throw new InvalidInputException(output + ": no documents table to load (" + e.getMessage().lines().findFirst()
          .orElse("") + "); give the --output folder of 'analyze'");
    }
    Dataset<Row> vectors;
    try {
      Dataset<Row> s = spark.read().parquet(new org.apache.hadoop.fs.Path(out, "sentences").toString());
      vectors = s.filter(functions.col("vector").isNotNull()).groupBy("doc_id", "location")
          .agg(functions.sort_array(functions.collect_list(functions.struct(functions.col("idx"),
              functions.col("vector")))).as("vectors"));
    } catch (RuntimeException e) {
      vectors = null;
    }
    Dataset<Row> rows = vectors == null ? docs.withColumn("vectors", functions.lit(null))
        : docs.join(vectors, docs.col("doc_id").equalTo(vectors.col("doc_id"))
            .and(docs.col("location").equalTo(vectors.col("location"))), "left")
            .select(docs.col("*"), vectors.col("vectors"));
    long documents = 0;
    long imported = 0;
    long analyses = 0;
    try (Store store = Store.open(db)) {
      long run = store.beginRun("spark load " + output).id();
      Iterator<Row> it = docs.orderBy("location").toLocalIterator();
      Map<String, Long> idByLocation = new HashMap<>();
      while (it.hasNext()) {
        Row r = it.next();
        SourceItem item = ItemRows.item(r);
        Put p = store.put(run, item);
        documents++;
        if (p.outcome() == Outcome.IMPORTED || p.outcome() == Outcome.NEW_VERSION) {
          imported++;
        }
        idByLocation.put(item.location(), p.documentId());
      }
      store.finishRun(run);
      Map<AnalysisKey, Set<Long>> needed = new HashMap<>();
      Iterator<Row> analysed = rows.orderBy("location").toLocalIterator();
      while (analysed.hasNext()) {
        Row r = analysed.next();
        Long id = idByLocation.get((String) r.getAs("location"));
        if (id == null || r.isNullAt(r.fieldIndex("analysis_json"))) {
          continue;
        }
        AnalysisKey key = new AnalysisKey(r.getAs("model"), r.getAs("codebook"), r.getAs("codebook_sha256"),
            r.getAs("embedding"), r.getAs("version"));
        Set<Long> todo = needed.computeIfAbsent(key, k -> new HashSet<>(store.toAnalyse(k, false)));
        if (!todo.remove(id)) {
          continue; // already analysed under this model and codebook
        }
        SourceItem item = ItemRows.item(r);
        DocumentAnalysis a = AnalysisCodec.decode(r.getAs("analysis_json"), item.document());
        store.saveAnalysis(id, a, key, vectors(r, a));
        analyses++;
      }
    }
    return new Summary(documents, imported, analyses);
  }

  /** The sentence vectors of a row, in sentence order, or null when the output has none for every sentence. */
  private static List<float[]> vectors(Row r, DocumentAnalysis a) {
    if (r.isNullAt(r.fieldIndex("vectors"))) {
      return null;
    }
    List<Row> pairs = CollectionConverters.asJava(r.<Row>getSeq(r.fieldIndex("vectors")));
    int sentences = a.units().stream().mapToInt(u -> u.unit().sentences().size()).sum();
    if (pairs.size() != sentences) {
      return null;
    }
    List<float[]> out = new ArrayList<>(pairs.size());
    for (Row p : pairs) {
      List<Float> v = CollectionConverters.asJava(p.<Float>getSeq(1));
      float[] f = new float[v.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = v.get(i);
      }
      out.add(f);
    }
    return out;
  }
}
