package org.stancemap.ask.llm;

/** A language-model call failed; the message is meant for the user and names the endpoint and the cause. */
public final class LlmCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LlmCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
