package org.stancemap.ask.llm;

import org.stancemap.LlmCallException;

/**
 * One chat completion: a system and a user message in, the model's text out. Implementations are thread-safe.
 */
public interface LlmChat {
  /**
   * The model's reply.
   *
   * @throws LlmCallException if the call fails: timeout, HTTP error, unreachable endpoint, malformed protocol
   *     response; its message says what happened and what to check
   */
  Reply chat(String system, String user);

  /** The model's name as configured (for reports). */
  String model();

  /**
   * A reply.
   *
   * @param truncated true when the endpoint says the output was cut off (length limit)
   */
  record Reply(String text, boolean truncated) {
    public Reply {
      text = text == null ? "" : text;
    }
  }
}
