package org.stancemap.sources.files;

import java.time.Instant;

/**
 * Text taken out of a binary document, with what the document says about itself.
 *
 * @param text the text, paragraphs separated by blank lines (Markdown headings when {@code ext} is {@code md})
 * @param ext how the text should be read: {@code txt}, or {@code md} when it carries {@code #} headings
 * @param title the document's title property, or null
 * @param author the document's author property, or null
 * @param published the document's creation date, or null
 */
public record Extracted(String text, String ext, String title, String author, Instant published) {}
