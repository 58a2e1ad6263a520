package org.stancemap.store;

/**
 * Where a sentence-vector listing stopped: after sentence {@code index} of analysis {@code seq}. Start with
 * {@link #START}; pass the last {@link SentenceVector}'s position to continue.
 */
public record VectorCursor(long seq, int index) {
  public static final VectorCursor START = new VectorCursor(0, -1);

  /** The position just after {@code v}. */
  public static VectorCursor after(SentenceVector v) {
    return new VectorCursor(v.seq(), v.index());
  }

  /** The position after every sentence of analyses up to {@code seq}. */
  public static VectorCursor afterAnalysis(long seq) {
    return new VectorCursor(seq, Integer.MAX_VALUE);
  }
}
