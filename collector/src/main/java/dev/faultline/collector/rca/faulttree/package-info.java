/** Fault tree analysis: operator-described failure modes (YAML), evaluation against an incident, minimal cut sets
 * (MOCUS) and their probabilities. */
package dev.faultline.collector.rca.faulttree;
