/**
 * ERROR-level log events of Logback, Log4j 2 and java.util.logging, counted per message template and logger (and
 * their exceptions per type), never with the message's arguments.
 */
package dev.faultline.agent.instrument.logs;
