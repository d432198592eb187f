/** Seeded, deterministic fault-injection simulator that writes scenario folders with known root causes. */
package dev.faultline.collector.rca.sim;
