package org.stancemap.ingest;

/** Decoded text, the charset it was decoded with, and a note when that took a fallback (or null). */
public record Decoded(String text, String charset, String note) {}
