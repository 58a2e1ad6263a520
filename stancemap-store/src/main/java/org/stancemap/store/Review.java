package org.stancemap.store;

import java.time.Instant;

/**
 * One human review of a unit label ({@link Reviews}).
 *
 * @param contentId the reviewed text's content id: a review belongs to that text
 * @param dimension {@code position}, {@code stance:<target>}, {@code narrative} or {@code technique}
 * @param aiLabel the label the analysis gave when the reviewer saw it
 * @param humanLabel the reviewer's label, equal to {@code aiLabel} when accepted
 */
public record Review(long id, long documentId, String contentId, String unitId, String dimension, String aiLabel,
    String humanLabel, String reviewer, Instant at) {}
