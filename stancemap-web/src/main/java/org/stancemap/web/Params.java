package org.stancemap.web;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;

/** Query parameter parsing with 400 errors that name the parameter, what was given and what is allowed. */
final class Params {
  private Params() {}

  static String text(Context ctx, String name, int maxLength) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.length() > maxLength) {
      throw new WebException.BadRequest("parameter '" + name + "' is too long (" + v.length() + " characters, at most "
          + maxLength + ")");
    }
    return v.strip();
  }

  static int integer(Context ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n < min || n > max) {
        throw new WebException.BadRequest("parameter '" + name + "' must be in " + min + ".." + max + ", found " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new WebException.BadRequest("parameter '" + name + "' must be an integer, found '" + shorten(v) + "'");
    }
  }

  static LocalDate date(Context ctx, String name) {
    String v = text(ctx, name, 10);
    if (v == null) {
      return null;
    }
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw new WebException.BadRequest("parameter '" + name + "' must be a date YYYY-MM-DD, found '" + shorten(v)
          + "'");
    }
  }

  static String choice(Context ctx, String name, Set<String> allowed) {
    String v = text(ctx, name, 200);
    if (v != null && !allowed.contains(v)) {
      throw new WebException.BadRequest("parameter '" + name + "' must be one of " + new TreeSet<>(allowed)
          + ", found '" + shorten(v) + "'");
    }
    return v;
  }

  static long id(Context ctx) {
    String v = ctx.pathParam("id");
    try {
      long id = Long.parseLong(v);
      if (id < 1) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new WebException.BadRequest("document id must be a positive integer, found '" + shorten(v) + "'");
    }
  }

  /**
   * An error message for a response: control characters replaced, at most 400 characters, so that the reason is
   * shown whole ("could not fetch the URL: …: refused: 127.0.0.1 is a loopback address") where {@link #shorten}
   * would cut it at 60.
   */
  static String message(String s) {
    String t = s.replaceAll("\\p{Cntrl}", "?");
    return t.length() > 400 ? t.substring(0, 400) + "…" : t;
  }

  static String shorten(String s) {
    String t = s.replaceAll("\\p{Cntrl}", "?");
    return t.length() > 60 ? t.substring(0, 60) + "…" : t;
  }
}
