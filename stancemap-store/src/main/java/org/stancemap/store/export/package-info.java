/**
 * Complete, streamed exports of a store: CSV (one row per unit), JSONL (one line per document with its full
 * analysis), one HTML report, and REFI-QDA projects (QDPX) for NVivo, ATLAS.ti and MAXQDA. Every export writes a
 * temporary file beside the target and moves it into place, so the target is complete or absent.
 */
package org.stancemap.store.export;
