package org.stancemap;

/**
 * A call to the language model the user configured failed; the message is meant for the user and names the
 * endpoint and the cause.
 */
public final class LlmCallException extends StancemapException {
  private static final long serialVersionUID = 1L;

  public LlmCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
