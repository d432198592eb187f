/**
 * The demo fleet: small HTTP services started as separate JVMs with the Faultline agent attached, and a load
 * generator, so that someone new sees live metrics (and, with a fault injected, an incident) within a minute.
 */
package dev.faultline.collector.demo;
