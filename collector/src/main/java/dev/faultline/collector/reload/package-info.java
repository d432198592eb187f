/**
 * Configuration reload on SIGHUP: {@link dev.faultline.collector.reload.ConfigReloader} reads the file again, lets
 * every {@link dev.faultline.collector.reload.Reloadable} part validate its section, and only when all are valid
 * applies them; it logs one line saying what was reloaded and which changed keys need a restart.
 * {@link dev.faultline.collector.reload.SighupTrigger} connects the signal.
 */
package dev.faultline.collector.reload;
