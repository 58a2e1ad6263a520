/** Synthetic corpora for benchmarks (never for training). */
package org.stancemap.corpus;
