package org.stancemap.store;

/**
 * The result of storing one item.
 *
 * @param outcome what happened
 * @param documentId the stored document the item's location now holds
 */
public record Put(Outcome outcome, long documentId) {}
