/** Short explanations of a document's dominant narrative, every clause backed by a cited sentence. */
package org.stancemap.ask.explain;
