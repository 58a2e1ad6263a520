/**
 * Stancemap as an Apache Spark job: the same analysis as {@code stancemap analyze}, run on a cluster's executors over
 * inputs read through Hadoop file systems, written as Parquet tables (and optionally the analysis JSON), and loaded
 * back into a store. A thin adapter: reading goes through the import's parsers, analysis through
 * {@link org.stancemap.analysis.BatchAnalysis}, JSON through {@link org.stancemap.report.JsonReport}.
 */
package org.stancemap.spark;
