/**
 * Context propagation across thread hand-offs: {@code execute(Runnable)} of {@code ThreadPoolExecutor} (which
 * {@code submit} uses), {@code ForkJoinPool} and CompletableFuture's thread-per-task executor (its default when
 * the common pool has parallelism 1) wrap the task in the bridge's {@code ContextRunnable} when the submitting
 * thread serves a request. Records nothing.
 */
package dev.faultline.agent.instrument.concurrent;
