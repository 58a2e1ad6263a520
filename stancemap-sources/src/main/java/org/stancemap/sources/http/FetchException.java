package org.stancemap.sources.http;

import java.net.URI;

/**
 * A URL could not be fetched. The message names the URL (and the redirect that led there) and says why, in words
 * a user can act on: an HTTP status, a timeout, a refused address, a size or type limit, a loop, robots.txt.
 */
public final class FetchException extends Exception {
  private final transient URI uri;

  public FetchException(URI uri, String message) {
    super(message);
    this.uri = uri;
  }

  public FetchException(URI uri, String message, Throwable cause) {
    super(message, cause);
    this.uri = uri;
  }

  /** The URL that was requested (the first of a redirect chain). */
  public URI uri() {
    return uri;
  }
}
