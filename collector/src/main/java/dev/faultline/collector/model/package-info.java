/**
 * The collector's data vocabulary shared by ingest, storage and query: series identity ({@link
 * dev.faultline.collector.model.SeriesKey}), a decoded batch ({@link dev.faultline.collector.model.DecodedBatch})
 * and who sent it ({@link dev.faultline.collector.model.AgentInfo}). No Netty here, so a Kafka consumer can produce
 * the same objects.
 */
package dev.faultline.collector.model;
