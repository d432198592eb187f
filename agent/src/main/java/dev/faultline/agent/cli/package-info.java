/** Command line of the agent jar ({@code java -jar faultline-agent.jar ...}): the stand-alone host probe. */
package dev.faultline.agent.cli;
