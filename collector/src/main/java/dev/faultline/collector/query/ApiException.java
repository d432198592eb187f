package dev.faultline.collector.query;

/** An error answer: HTTP status, a short message and the offending query parameter when there is one. */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String parameter;

  private ApiException(int status, String message, String parameter) {
    super(message, null, false, false);
    this.status = status;
    this.parameter = parameter;
  }

  /** 400: {@code parameter} is missing or malformed. */
  public static ApiException badParameter(String parameter, String message) {
    return new ApiException(400, message, parameter);
  }

  /** 400 with no single parameter at fault (a malformed URI). */
  public static ApiException badRequest(String message) {
    return new ApiException(400, message, null);
  }

  /** 503: the answer could not be given now ({@code message} says why and what to do). */
  public static ApiException unavailable(String message) {
    return new ApiException(503, message, null);
  }

  /** 404: what was asked for does not exist; {@code parameter} names the parameter that named it, or null. */
  public static ApiException notFound(String message, String parameter) {
    return new ApiException(404, message, parameter);
  }

  public int status() {
    return status;
  }

  /** The query parameter at fault, or null. */
  public String parameter() {
    return parameter;
  }
}
