package org.stancemap.cli;

import java.io.Console;

/** Whether standard streams are attached to a terminal, across Java versions. */
final class Terminal {
  private Terminal() {}

  /** True when stdin and stdout are a terminal (Java 22+ reports this exactly; older Java: a console exists). */
  static boolean interactive() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      // Console.isTerminal() exists from Java 22; on 21 a non-null console already means a terminal.
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
