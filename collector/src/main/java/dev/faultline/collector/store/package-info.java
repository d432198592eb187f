/**
 * The in-memory series store: one {@link dev.faultline.collector.store.MemorySeries} ring buffer of primitive
 * timestamps and values per series, bounded by time (retention) and by a global memory budget turned into a
 * per-series point cap, plus a {@link dev.faultline.collector.store.Registry} of services, instances and hosts.
 * Ingest threads write, query threads read; each series has its own lock.
 */
package dev.faultline.collector.store;
