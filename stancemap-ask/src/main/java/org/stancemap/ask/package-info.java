/**
 * Ask Stancemap: questions over a corpus of analysed documents, answered with evidence an analyst can check.
 *
 * <p>{@link org.stancemap.ask.AskService} ties the parts together: {@code question} (deterministic, codebook-driven
 * question understanding), {@code retrieval} (the {@link org.stancemap.ask.retrieval.Retriever} interface and an
 * in-memory implementation), {@code answer} (the offline synthesis and its text and JSON forms), {@code explain}
 * (short cited explanations of a document's dominant narrative) and {@code llm} (an optional language model whose
 * every quote and citation is verified).
 */
package org.stancemap.ask;
