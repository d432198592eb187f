/**
 * Agent configuration: one immutable {@link dev.faultline.agent.config.AgentConfig}, read once at start-up by
 * {@link dev.faultline.agent.config.AgentConfigLoader} from agent arguments, system properties and environment.
 */
package dev.faultline.agent.config;
