package org.stancemap.ask.llm;

/** Helpers for putting untrusted document text into a prompt and for comparing quotes. */
final class Untrusted {
  private Untrusted() {}

  /**
   * Document text made safe to place between the prompt's delimiters: the delimiter characters {@code <<<} and
   * {@code >>>} are broken up so that a document cannot close its own block and speak as the prompt.
   */
  static String fence(String text) {
    return text.replace("<<<", "< < <").replace(">>>", "> > >");
  }

  /** Whitespace collapsed to single spaces and stripped: the only normalisation before comparing quotes. */
  static String norm(String s) {
    return s.replaceAll("[\\s\\u00A0\\u2007\\u202F]+", " ").strip();
  }

  /** The reply's JSON object, with one surrounding Markdown code fence allowed; null when there is none. */
  static String jsonBody(String reply) {
    String t = reply.strip();
    if (t.startsWith("```")) {
      int nl = t.indexOf('\n');
      if (nl < 0 || !t.endsWith("```") || t.length() < nl + 4) {
        return null;
      }
      t = t.substring(nl + 1, t.length() - 3).strip();
    }
    return t.startsWith("{") && t.endsWith("}") ? t : null;
  }
}
