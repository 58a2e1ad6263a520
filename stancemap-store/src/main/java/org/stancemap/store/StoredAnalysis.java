package org.stancemap.store;

import java.time.Instant;

/**
 * The current analysis of a document.
 *
 * @param seq the analysis sequence number: larger for every analysis stored later, never reused; a document
 *     re-analysed gets a new one (use it as a watermark)
 * @param json the full analysis, JSON in schema {@code stancemap.analysis/2}, compact
 * @param position the document's position label, or null when not analysed (unsupported language)
 */
public record StoredAnalysis(long seq, long documentId, AnalysisKey key, String status, String position,
    Double positionScore, String json, Instant created) {}
