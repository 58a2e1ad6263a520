package org.stancemap.sources.http;

import java.net.URI;
import java.util.List;

/**
 * A successful (2xx) response whose body was read completely within the limits.
 *
 * @param requested the URL asked for
 * @param uri the URL that answered, after redirects
 * @param status the HTTP status code
 * @param mediaType the lower-cased media type of {@code Content-Type} without parameters, or null when absent
 * @param charset the {@code charset} parameter of {@code Content-Type}, or null
 * @param body the body, decompressed when the server sent gzip anyway
 * @param redirects the URLs redirected through, in order (empty without redirects)
 */
public record HttpResponse(URI requested, URI uri, int status, String mediaType, String charset, byte[] body,
    List<URI> redirects) {
  public HttpResponse {
    redirects = List.copyOf(redirects);
  }
}
