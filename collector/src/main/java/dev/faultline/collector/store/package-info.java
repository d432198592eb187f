/**
 * The in-memory series store. Points live in {@link dev.faultline.collector.store.RowBlock}s: the series an agent
 * reports together share one block of rows (one timestamp and one value per series per row), so storing a batch is
 * an array copy per sample group; a series is read as a column of its blocks
 * ({@link dev.faultline.collector.store.MemorySeries}). Bounded by time (retention) and by a global memory budget
 * turned into a per-block row cap, plus a {@link dev.faultline.collector.store.Registry} of services, instances and
 * hosts. Ingest threads write, query threads read; each block and each series has its own lock.
 */
package dev.faultline.collector.store;
