/**
 * The command line of {@code faultline-collector.jar}: {@code run} (the daemon), {@code bench}, and client commands
 * ({@code services}, {@code hosts}, {@code series}, {@code query}) that read the query port over HTTP and print
 * aligned tables or, with {@code --json}, the raw answer.
 */
package dev.faultline.collector.cli;
