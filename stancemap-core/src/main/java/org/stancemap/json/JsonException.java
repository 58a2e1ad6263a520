package org.stancemap.json;

/** Malformed JSON or a JSON value of the wrong shape; the message starts with the path or position. */
public final class JsonException extends RuntimeException {
  public JsonException(String message) {
    super(message);
  }
}
