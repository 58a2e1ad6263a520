package org.stancemap.text;

import java.util.Arrays;

/**
 * A node of a character trie whose nodes carry int values (the patterns or labels whose key ends there), for
 * finding many short keys in a text with one walk instead of one comparison per key. Children are kept in sorted
 * arrays: most nodes have one or two. Built once, then only read: reading is thread-safe.
 */
public final class CharTrie {
  private static final int[] NONE = {};
  private char[] keys = {};
  private CharTrie[] kids = {};
  private int[] values = NONE;

  /** The child for {@code c}, or null. */
  public CharTrie child(char c) {
    int at = Arrays.binarySearch(keys, c);
    return at >= 0 ? kids[at] : null;
  }

  /** The child for {@code c}, made if there is none (building only). */
  public CharTrie childOrNew(char c) {
    int at = Arrays.binarySearch(keys, c);
    if (at >= 0) {
      return kids[at];
    }
    int insert = -at - 1;
    CharTrie k = new CharTrie();
    char[] ks = new char[keys.length + 1];
    CharTrie[] ns = new CharTrie[kids.length + 1];
    System.arraycopy(keys, 0, ks, 0, insert);
    System.arraycopy(kids, 0, ns, 0, insert);
    ks[insert] = c;
    ns[insert] = k;
    System.arraycopy(keys, insert, ks, insert + 1, keys.length - insert);
    System.arraycopy(kids, insert, ns, insert + 1, kids.length - insert);
    keys = ks;
    kids = ns;
    return k;
  }

  /** The node reached from this one by the characters of {@code key}, made as needed (building only). */
  public CharTrie path(CharSequence key) {
    CharTrie n = this;
    for (int i = 0; i < key.length(); i++) {
      n = n.childOrNew(key.charAt(i));
    }
    return n;
  }

  /** Adds {@code value} to this node's values unless it is there already (building only). */
  public void add(int value) {
    for (int v : values) {
      if (v == value) {
        return;
      }
    }
    values = Arrays.copyOf(values, values.length + 1);
    values[values.length - 1] = value;
  }

  /** The values of the keys that end at this node, in the order they were added. Callers must not change it. */
  public int[] values() {
    return values;
  }
}
