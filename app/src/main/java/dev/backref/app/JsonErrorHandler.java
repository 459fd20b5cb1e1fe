package dev.backref.app;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.ObjectNode;

/**
 * The errors that Jetty answers before or around {@link HttpApi}, in the API's JSON shape rather
 * than an HTML page: malformed requests (bad percent-encoding, a request line or headers too long),
 * requests refused because the server is busy or shutting down (503 {@code busy} with {@code
 * Retry-After}), and a handler that failed without answering. Never includes a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

  /** Seconds a client is told to wait after a 503. */
  static final int RETRY_AFTER_SECONDS = 1;

  @Override
  protected void generateResponse(Request request, Response response, int status, String message, Throwable cause, Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    if (status == HttpStatus.SERVICE_UNAVAILABLE_503) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
    }
    response.write(true, ByteBuffer.wrap(body(status, message)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    return ByteBuffer.wrap(body(status, reason));
  }

  static byte[] body(int status, String reason) {
    ObjectNode body = Json.object().put("error", code(status)).put("message", message(status, reason)).put("status", status);
    return Json.compact(body);
  }

  private static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 408 -> "request_timeout";
      case 413 -> "body_too_large";
      case 414 -> "uri_too_long";
      case 431 -> "headers_too_large";
      case 503 -> "busy";
      case 500 -> "internal";
      default -> status >= 500 ? "server_error" : "bad_request";
    };
  }

  private static String message(int status, String reason) {
    if (status == HttpStatus.SERVICE_UNAVAILABLE_503) {
      return "The server is busy or shutting down; retry after " + RETRY_AFTER_SECONDS + " s";
    }
    if (status == HttpStatus.INTERNAL_SERVER_ERROR_500) {
      return "Internal server error";
    }
    String standard = HttpStatus.getMessage(status);
    if (status == HttpStatus.BAD_REQUEST_400 && (reason == null || reason.isBlank() || reason.equals(standard))) {
      return "Malformed request: the URL must be percent-encoded UTF-8 (% followed by two hexadecimal digits), without NUL";
    }
    return reason == null || reason.isBlank() || reason.equals(standard) ? standard : standard + ": " + reason;
  }
}
