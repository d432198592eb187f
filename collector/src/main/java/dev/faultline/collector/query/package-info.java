/**
 * The HTTP query port: a small Netty HTTP/1.1 server answering JSON. Routes live in one table
 * ({@link dev.faultline.collector.query.Router}) so later features add a line each; handlers read the store and
 * return plain records that Jackson serialises (snake_case). Errors are {@code {"error": ..., "parameter": ...}}
 * with 400/404/405/500 and never carry a stack trace.
 */
package dev.faultline.collector.query;
