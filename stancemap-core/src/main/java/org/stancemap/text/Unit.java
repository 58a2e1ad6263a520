package org.stancemap.text;

import java.util.List;
import java.util.Objects;

/**
 * One unit of a document (see {@link UnitKind}) with its sentences. Every sentence lies inside the unit's span, in
 * order and without overlap.
 *
 * @param id unit id, unique within its document ({@code u1}, {@code u2}, …)
 * @param author the comment's author, when the page says so; otherwise null
 * @param date the comment's date as written on the page; otherwise null
 * @param truncated true for a listing entry whose teaser ends in a truncation mark such as {@code […]}
 */
public record Unit(
    String id,
    UnitKind kind,
    Span span,
    List<Sentence> sentences,
    String author,
    String date,
    boolean truncated) {
  public Unit {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(span, "span");
    sentences = List.copyOf(sentences);
    int last = span.start();
    for (Sentence s : sentences) {
      if (!span.contains(s.span()) || s.span().start() < last) {
        throw new IllegalArgumentException(
            "sentence " + s.span() + " must lie inside unit " + id + " " + span + " and after " + last);
      }
      last = s.span().end();
    }
  }
}
