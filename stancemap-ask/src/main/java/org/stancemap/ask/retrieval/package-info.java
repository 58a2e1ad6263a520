/**
 * Retrieval of the units that answer a question: the {@link org.stancemap.ask.retrieval.Retriever} interface (an
 * adapter over a corpus store and search index implements it) and {@link
 * org.stancemap.ask.retrieval.InMemoryRetriever} over analyses held in memory.
 */
package org.stancemap.ask.retrieval;
