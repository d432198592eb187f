/** The time-aware topology: an immutable {@link dev.faultline.collector.rca.graph.TopologySnapshot}, the builder
 * that ages edges out by last-seen time, and graph scoring ({@link dev.faultline.collector.rca.graph.PersonalizedPageRank}). */
package dev.faultline.collector.rca.graph;
