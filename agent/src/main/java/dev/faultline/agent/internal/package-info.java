/** Small helpers shared by the agent's packages. Not for use outside the agent. */
package dev.faultline.agent.internal;
