/**
 * The analyst's workbench in the browser: {@link org.stancemap.web.WebServer} serves a JSON API over the corpus
 * store, the search index and the offline answerer, and the bundled pages that use it.
 */
package org.stancemap.web;
