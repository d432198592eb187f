/**
 * The OSHI adapter, and {@code NativeSetPriority} (one libc call through JNA). Everything in this package is loaded
 * by the isolated host-probe class loader, child-first, next to the unrelocated OSHI and JNA jars, and must therefore
 * refer to nothing but the JDK, OSHI, JNA and this package. The rest of the agent never links to these classes; it
 * loads them by name and talks to them through {@code java.util.function} interfaces
 * ({@code Supplier<Map<String, Double>>}, {@code IntBinaryOperator}).
 */
package dev.faultline.agent.host.oshi;
