/**
 * The offline answer: a deterministic synthesis of retrieved units (positions, their narratives and techniques
 * with counts, documents, sources, period and quoted sentences with citations), and its text and JSON forms.
 */
package org.stancemap.ask.answer;
