package org.stancemap.store;

/**
 * A stored sentence: its index in the document (from 0), the unit it belongs to and its span; {@code vector} is
 * its embedding in the store's int8 format ({@link Vectors}) or null.
 */
public record SentenceRow(int index, int unitOrd, int start, int end, byte[] vector) {}
