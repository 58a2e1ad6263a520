package org.stancemap.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How the server listens.
 *
 * @param host the address to bind ({@code 127.0.0.1} by default)
 * @param port the port (0: any free port)
 * @param token the access token, or null; required (non-null) when {@code host} is not a loopback address
 * @param maxUploadBytes the largest upload or pasted text accepted
 */
public record ServerSettings(String host, int port, String token, long maxUploadBytes) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 7070;
  public static final long DEFAULT_MAX_UPLOAD = 5L * 1024 * 1024;

  public ServerSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("--host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be in 0..65535: " + port);
    }
    if (token != null && token.length() < 16) {
      throw new IllegalArgumentException("--token must have at least 16 characters");
    }
    if (token == null && !isLoopback(host)) {
      throw new IllegalArgumentException("bound to " + host + " the server needs a token (--token, or generate one)");
    }
    if (maxUploadBytes < 1024) {
      throw new IllegalArgumentException("the upload limit must be at least 1024 bytes: " + maxUploadBytes);
    }
  }

  /** Local defaults: 127.0.0.1, the given port, no token. */
  public static ServerSettings local(int port) {
    return new ServerSettings(DEFAULT_HOST, port, null, DEFAULT_MAX_UPLOAD);
  }

  /** Whether {@code host} names only loopback addresses (resolving it; an unresolvable name is not loopback). */
  public static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
