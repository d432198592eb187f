/** Robust load trends (Theil-Sen slope with a Mann-Kendall test) and the capacity forecast built on them. */
package dev.faultline.collector.perf.forecast;
