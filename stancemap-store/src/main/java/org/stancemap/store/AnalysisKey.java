package org.stancemap.store;

import java.util.Objects;

/**
 * What produced an analysis; {@code analyze --db} re-analyses a document when its stored key has another model id
 * or codebook hash.
 *
 * @param modelId the trained heads' id ({@code Provenance.model})
 * @param codebookRef {@code id@version}
 * @param codebookHash SHA-256 of the codebook file
 * @param embedding the embedding model id; also the id of the stored sentence vectors
 * @param version Stancemap's version
 */
public record AnalysisKey(String modelId, String codebookRef, String codebookHash, String embedding,
    String version) {
  public AnalysisKey {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(codebookRef, "codebookRef");
    Objects.requireNonNull(codebookHash, "codebookHash");
    Objects.requireNonNull(embedding, "embedding");
    Objects.requireNonNull(version, "version");
  }
}
