package org.stancemap.search;

/**
 * What a {@link SearchIndex#sync} did.
 *
 * @param put documents added or replaced
 * @param deleted documents removed
 * @param from the watermark before (null: the index was empty or rebuilt)
 * @param to the watermark now stored in the index (null when nothing was ever synced)
 * @param rebuilt true when the index was cleared first, because it was built with another embedding model or
 *     schema version
 */
public record SyncReport(int put, int deleted, String from, String to, boolean rebuilt) {}
