package dev.faultline.collector.rca.scenario;

import dev.faultline.collector.rca.RcaInput;

/**
 * One scenario read from a folder.
 *
 * @param name scenario name (the folder name when scenario.json has none)
 * @param dataset dataset name or null
 * @param knownIncidentTime the fault's start from scenario.json, or null
 * @param input the series and topology; its incident start is {@code knownIncidentTime}, or the last timestamp + 1
 *     when unknown (callers detect it)
 */
public record Scenario(String name, String dataset, Long knownIncidentTime, RcaInput input) {}
