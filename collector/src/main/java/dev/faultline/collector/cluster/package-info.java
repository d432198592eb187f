/**
 * Scale-out on Apache Kafka: the {@code cluster:} configuration, the topics, the record contract of the batches
 * topic ({@link dev.faultline.collector.cluster.BatchEnvelope}) and the gateway role, which publishes every accepted
 * batch to Kafka and acknowledges it to the agent only once Kafka has (see docs/scale-out.md).
 */
package dev.faultline.collector.cluster;
