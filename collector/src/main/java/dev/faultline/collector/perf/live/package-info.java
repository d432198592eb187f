/**
 * The performance models wired into a running collector: {@link dev.faultline.collector.perf.live.StoreHistorySource}
 * turns the store's recent series into per-service histories, {@link
 * dev.faultline.collector.perf.live.PerfModelling} owns the background trainer and the registry the query routes
 * read.
 */
package dev.faultline.collector.perf.live;
