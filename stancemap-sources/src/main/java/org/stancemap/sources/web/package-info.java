/**
 * Web sources: a single HTML page, an RSS or Atom feed (read with Rome) and a blog listing or archive followed page
 * by page, all fetched through {@link org.stancemap.sources.http.SafeHttp}.
 */
package org.stancemap.sources.web;
