package org.stancemap.store;

/** A document with its current analysis ({@code analysis} is null when it has not been analysed). */
public record Entry(StoredDocument document, StoredAnalysis analysis) {}
