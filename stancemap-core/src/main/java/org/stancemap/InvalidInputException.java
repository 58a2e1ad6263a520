package org.stancemap;

/** A user-supplied input (file, argument, training row) cannot be used; the message names it and the rule. */
public final class InvalidInputException extends StancemapException {
  public InvalidInputException(String message) {
    super(message, null);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
