/**
 * Series bookkeeping and batch encoding: stable numeric ids per (metric, labels), a reusable buffer of one
 * interval's samples, and the encoder that turns it into sequenced, size-bounded {@code MetricBatch} frames.
 */
package dev.faultline.agent.series;
