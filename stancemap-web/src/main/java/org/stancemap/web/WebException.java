package org.stancemap.web;

/**
 * What a request handler throws to answer with an error. The message is shown to the client as is, so it never
 * holds a stack trace, a file path or SQL.
 */
public sealed abstract class WebException extends RuntimeException
    permits WebException.BadRequest, WebException.NotFound, WebException.Forbidden, WebException.TooLarge,
    WebException.Unsupported, WebException.Busy, WebException.Failure {
  private static final long serialVersionUID = 1L;

  private WebException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The HTTP status. */
  public abstract int status();

  /** A short machine-readable code ({@code bad-request}, {@code not-found}, ...). */
  public abstract String code();

  /** 400: the request is malformed; the message says which parameter and what to fix. */
  public static final class BadRequest extends WebException {
    private static final long serialVersionUID = 1L;

    public BadRequest(String message) {
      super(message, null);
    }

    @Override
    public int status() {
      return 400;
    }

    @Override
    public String code() {
      return "bad-request";
    }
  }

  /** 404. */
  public static final class NotFound extends WebException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
      super(message, null);
    }

    @Override
    public int status() {
      return 404;
    }

    @Override
    public String code() {
      return "not-found";
    }
  }

  /** 403: missing token, CSRF token or a foreign origin. */
  public static final class Forbidden extends WebException {
    private static final long serialVersionUID = 1L;

    public Forbidden(String message) {
      super(message, null);
    }

    @Override
    public int status() {
      return 403;
    }

    @Override
    public String code() {
      return "forbidden";
    }
  }

  /** 413. */
  public static final class TooLarge extends WebException {
    private static final long serialVersionUID = 1L;

    public TooLarge(String message) {
      super(message, null);
    }

    @Override
    public int status() {
      return 413;
    }

    @Override
    public String code() {
      return "too-large";
    }
  }

  /** 415: an upload of a type that cannot be analysed. */
  public static final class Unsupported extends WebException {
    private static final long serialVersionUID = 1L;

    public Unsupported(String message) {
      super(message, null);
    }

    @Override
    public int status() {
      return 415;
    }

    @Override
    public String code() {
      return "unsupported-media-type";
    }
  }

  /** 503: the server is busy with this kind of work (a retraining running, one that took too long). */
  public static final class Busy extends WebException {
    private static final long serialVersionUID = 1L;

    public Busy(String message) {
      super(message, null);
    }

    @Override
    public int status() {
      return 503;
    }

    @Override
    public String code() {
      return "busy";
    }
  }

  /** 500 or 502: the server (or a fetched site) failed; the message is safe to show, the cause is not shown. */
  public static final class Failure extends WebException {
    private static final long serialVersionUID = 1L;

    public Failure(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public int status() {
      return 500;
    }

    @Override
    public String code() {
      return "server-error";
    }
  }
}
