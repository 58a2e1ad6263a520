/**
 * Text spans and segmentation: a document's text is cut into units (title, entry, caption, paragraph, comment,
 * question, answer) and sentences, each a {@link org.stancemap.text.Span} into the original characters.
 */
package org.stancemap.text;
