/** What the agent and the collector both need: protocol constants and the metric vocabulary. */
package dev.faultline.common;
