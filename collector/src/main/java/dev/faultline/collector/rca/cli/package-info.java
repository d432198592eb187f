/** The {@code rca} and {@code simulate} subcommands of {@code faultline-collector.jar}. */
package dev.faultline.collector.rca.cli;
