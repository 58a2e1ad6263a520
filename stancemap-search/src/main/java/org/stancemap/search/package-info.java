/**
 * Search over analysed documents: a Lucene index with one entry per sentence (carrying its unit, its document's
 * metadata and every label), queried by full text (BM25), by meaning (kNN over the sentence embeddings the
 * analysis computed) or by both fused with reciprocal rank fusion. {@link org.stancemap.search.SearchIndex} is the
 * entry point; {@link org.stancemap.search.ChangeFeed} is how a store keeps an index up to date. See
 * {@code docs/search.md} for the query syntax and the design.
 */
package org.stancemap.search;
