package org.stancemap.store;

/**
 * A sentence with its vector, as listed for index synchronisation ({@link Store#sentenceVectors}).
 *
 * @param seq the sequence number of the analysis the sentence belongs to
 * @param documentId the document; when a document is re-analysed its sentences come again under a new seq and
 *     replace the earlier ones
 * @param previousId the document this one replaced at its location (a new version), or null
 * @param embedding the embedding model id the vector comes from
 * @param vector 384 (the model's dimension) signed bytes, see {@link Vectors}
 */
public record SentenceVector(long seq, long documentId, Long previousId, int index, String unitId, int start,
    int end, String embedding, byte[] vector) {
  /** The vector as floats (q / 127), L2-normalised again. */
  public float[] floats() {
    return Vectors.dequantize(vector);
  }
}
