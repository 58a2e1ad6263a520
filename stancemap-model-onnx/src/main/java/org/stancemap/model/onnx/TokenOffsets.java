package org.stancemap.model.onnx;

import ai.djl.huggingface.tokenizers.jni.CharSpan;
import org.stancemap.text.Span;

/**
 * Character offsets of a text's tokens, and the tokens that overlap a character span. The tokenizer reports
 * offsets in Unicode code points; Java strings count UTF-16 units, so offsets are converted (they differ after a
 * character outside the Basic Multilingual Plane, such as an emoji).
 */
final class TokenOffsets {
  private TokenOffsets() {}

  /**
   * Per token, its start and end in UTF-16 units of {@code text} ({@code 2i}, {@code 2i + 1}); -1 for special
   * tokens ({@code [CLS]}, {@code [SEP]}), which belong to no span.
   */
  static int[] of(String text, CharSpan[] spans, long[] special) {
    int[] out = new int[2 * spans.length];
    boolean bmp = text.codePointCount(0, text.length()) == text.length();
    for (int i = 0; i < spans.length; i++) {
      CharSpan c = spans[i];
      if (c == null || (special != null && i < special.length && special[i] != 0) || c.getEnd() <= c.getStart()) {
        out[2 * i] = -1;
        out[2 * i + 1] = -1;
      } else {
        out[2 * i] = bmp ? c.getStart() : utf16(text, c.getStart());
        out[2 * i + 1] = bmp ? c.getEnd() : utf16(text, c.getEnd());
      }
    }
    return out;
  }

  private static int utf16(String text, int codePoints) {
    int max = text.codePointCount(0, text.length());
    return text.offsetByCodePoints(0, Math.min(codePoints, max));
  }

  /**
   * The tokens {@code [from, to)} whose characters overlap {@code span}: from the first such token to the last
   * (tokens follow the text, so all between overlap too). {@code from == to} when none does.
   */
  static int[] tokens(int[] offsets, Span span) {
    int from = -1;
    int to = -1;
    for (int t = 0; t < offsets.length / 2; t++) {
      int s = offsets[2 * t];
      int e = offsets[2 * t + 1];
      if (s >= 0 && s < span.end() && e > span.start()) {
        if (from < 0) {
          from = t;
        }
        to = t + 1;
      }
    }
    return from < 0 ? new int[] {0, 0} : new int[] {from, to};
  }
}
