package org.stancemap.store;

import java.time.Instant;

/**
 * One run of {@code stancemap import}.
 *
 * @param status {@code running}, {@code finished}, or {@code interrupted} (a later run with the same arguments
 *     resumed it)
 * @param arguments the canonical arguments; a new run with equal arguments resumes an unfinished one
 * @param resumes the id of the interrupted run this one continues, or null
 * @param finished null while running or when interrupted
 * @param counts the counts of this run alone (for a running run: as recorded so far)
 */
public record ImportRun(long id, Instant started, Instant finished, String status, String arguments, Long resumes,
    ImportCounts counts) {
  public static final String RUNNING = "running";
  public static final String FINISHED = "finished";
  public static final String INTERRUPTED = "interrupted";
}
