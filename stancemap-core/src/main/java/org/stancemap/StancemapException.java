package org.stancemap;

/**
 * Root of Stancemap's unchecked exceptions. Adapters map each subtype once, with one exhaustive switch: the CLI to
 * an exit code, a server to an HTTP status. Messages always say what is wrong, where, and what to do about it.
 */
public abstract sealed class StancemapException extends RuntimeException
    permits InvalidInputException, ModelLoadException, CodebookException, StoreException, JsonException,
        LlmCallException {

  protected StancemapException(String message, Throwable cause) {
    super(message, cause);
  }
}
