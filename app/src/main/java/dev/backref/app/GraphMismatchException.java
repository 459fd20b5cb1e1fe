package dev.backref.app;

/** {@code demo} found a fetch policy that returned a different graph; exit code {@link ExitCodes#GRAPH_MISMATCH}. */
final class GraphMismatchException extends RuntimeException {

  GraphMismatchException(String message) {
    super(message);
  }
}
