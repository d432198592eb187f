/**
 * The command line of {@code faultline-collector.jar}: {@code run} (the daemon), {@code bench}, and client commands
 * ({@code status}, {@code services}, {@code hosts}, {@code series}, {@code query}, {@code anomalies},
 * {@code incidents}, {@code incident}, {@code topology}, {@code top}, {@code whatif}) that read the query port over
 * HTTP ({@link dev.faultline.collector.cli.ClientSettings} says where and with which token) and print aligned text
 * or, with {@code --json}, the raw answer.
 */
package dev.faultline.collector.cli;
