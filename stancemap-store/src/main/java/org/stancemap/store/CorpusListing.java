package org.stancemap.store;

import java.util.List;

/**
 * A page of the corpus listing ({@link CorpusQueries#list}).
 *
 * @param total how many documents the filter selects in all
 */
public record CorpusListing(List<CorpusItem> items, long total, int offset, int limit) {}
