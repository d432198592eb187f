package dev.faultline.collector.query;

/** Answers one path: returns the response body as an object Jackson can write, or throws {@link ApiException}. */
@FunctionalInterface
public interface Route {

  Object handle(ApiRequest request);
}
