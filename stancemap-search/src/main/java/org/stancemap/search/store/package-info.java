/**
 * The adapter between the corpus store and the search index: {@link org.stancemap.search.store.StoreFeed} lists
 * what changed in a {@link org.stancemap.store.Store} since an index's watermark, and
 * {@link org.stancemap.search.store.StoreIndexes} places an index beside its database.
 */
package org.stancemap.search.store;
