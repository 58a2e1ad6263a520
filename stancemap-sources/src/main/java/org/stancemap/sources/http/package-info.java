/**
 * A small HTTP/1.1 client for fetching untrusted URLs safely: it resolves each host once, refuses private and
 * special-purpose addresses ({@link org.stancemap.sources.http.AddressGuard}), connects to exactly the address it
 * checked, follows redirects by hand with each hop checked again, honours robots.txt, and caps time and size.
 */
package org.stancemap.sources.http;
