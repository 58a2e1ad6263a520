/**
 * Fetching untrusted URLs safely, on Apache HttpClient 5 with our own lookup and sockets: each host is resolved once
 * per connection, private and special-purpose addresses are refused
 * ({@link org.stancemap.sources.http.AddressGuard}), only the checked addresses are connected to, redirects are
 * followed by hand with each hop checked again, robots.txt is honoured, and time and size are capped.
 */
package org.stancemap.sources.http;
