/**
 * The corpus store: sources, documents and their versions, analyses with their labels and sentence vectors,
 * import runs and import failures, kept in SQLite (the embedded default) or PostgreSQL. {@link
 * org.stancemap.store.Store} is the whole interface; {@link org.stancemap.store.Store#open(String)} chooses the
 * database from a path or a JDBC URL. The schema and formats are described in docs/store.md.
 */
package org.stancemap.store;
