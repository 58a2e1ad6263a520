/**
 * Import sources behind the ingest SPI ({@link org.stancemap.ingest.source}): the web (pages, RSS/Atom feeds, blog
 * listings, through a safe HTTP client), and local export formats (PDF, docx, CSV/JSONL posts, Telegram exports,
 * images read by OCR). Everything here is found with {@link ServiceLoader}; nothing is wired by hand.
 */
package org.stancemap.sources;

import java.util.ServiceLoader;
