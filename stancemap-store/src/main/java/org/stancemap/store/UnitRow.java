package org.stancemap.store;

/** A stored unit: its position in the document ({@code ord}, from 0), id ({@code u1}), kind and span. */
public record UnitRow(int ord, String unitId, String kind, int start, int end, String author, String date,
    boolean truncated, boolean relevant) {}
