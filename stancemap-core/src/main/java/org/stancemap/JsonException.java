package org.stancemap;

/** Malformed JSON or a JSON value of the wrong shape; the message starts with the path or position. */
public final class JsonException extends StancemapException {
  private static final long serialVersionUID = 1L;

  public JsonException(String message) {
    super(message, null);
  }
}
