package org.stancemap;

/**
 * The database could not be opened, migrated, read or written. The message names the database and what failed;
 * the cause is the driver's exception.
 */
public final class StoreException extends StancemapException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message, null);
  }
}
