/**
 * The OSHI adapter. Everything in this package is loaded by the isolated host-probe class loader, child-first,
 * next to the unrelocated OSHI and JNA jars, and must therefore refer to nothing but the JDK, OSHI and this
 * package. The rest of the agent never links to these classes; it loads the adapter by name and talks to it
 * through {@code java.util.function.Supplier<Map<String, Double>>}.
 */
package dev.faultline.agent.host.oshi;
