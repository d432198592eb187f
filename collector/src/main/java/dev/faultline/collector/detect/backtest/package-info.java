/**
 * Offline backtest behind the {@code detect} command: reads {@code timestamp,value} CSV files (NAB layout), runs a
 * per-series detector pipeline with the file's timestamps as the clock, writes the rows back with an {@code
 * anomaly_score} column.
 */
package dev.faultline.collector.detect.backtest;
