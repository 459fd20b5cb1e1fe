package dev.backref.app;

import java.io.Console;

/** Whether a person is watching: standard input and output are a terminal. */
final class Terminal {

  private Terminal() {}

  static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    // JDK 22 to 24 return a console even when redirected; Console.isTerminal() (JDK 22+) tells.
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
