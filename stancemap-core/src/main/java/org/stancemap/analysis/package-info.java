/**
 * The analysis pipeline and its results: stance per target, narratives, techniques, roles, positions and
 * contradictions, every label with a score and evidence sentences quoted from the text.
 */
package org.stancemap.analysis;
