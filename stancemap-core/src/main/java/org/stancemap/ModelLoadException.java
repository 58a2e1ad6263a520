package org.stancemap;

/** An embedding model or a trained model file cannot be loaded or does not match what it is used with. */
public final class ModelLoadException extends StancemapException {
  public ModelLoadException(String message) {
    super(message, null);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
