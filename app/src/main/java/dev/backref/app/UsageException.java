package dev.backref.app;

/** The command cannot run as asked, for reasons picocli's parser cannot see; exit code {@link ExitCodes#USAGE}. */
final class UsageException extends RuntimeException {

  UsageException(String message) {
    super(message);
  }
}
