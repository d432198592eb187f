/**
 * Performance modelling: per service, a model of latency (p50, p99) as a function of load and resource features,
 * trained off the ingest path, answering "what happens at k times the traffic" ({@link
 * dev.faultline.collector.perf.PerfModelService#whatIf}), "which resource runs out first" (the bottleneck in a
 * {@link dev.faultline.collector.perf.WhatIfResult}) and "when will we break the latency objective"
 * ({@link dev.faultline.collector.perf.PerfModelService#capacity}).
 *
 * <p>Sub-packages: {@code model} (ridge, gradient-boosted trees, queueing features, selection), {@code forecast}
 * (Theil-Sen trend, capacity forecast), {@code train} (the bounded background trainer), {@code sim} (seeded
 * simulated services with known response curves, used by tests and {@link
 * dev.faultline.collector.perf.PerfModelReport}). Everything here is deterministic given its inputs and seeds; only
 * {@code train} owns threads.
 *
 * <p>Wiring (done by {@link dev.faultline.collector.perf.live.PerfModelling} over the store, served by
 * {@code query.PerfRoutes}, the {@code whatif} command and the dashboard's panel):
 * <pre>{@code
 * HistorySource source = ...;                 // over the store: per service, a ServiceHistory of recent rows
 * PerfModelRegistry registry = new PerfModelRegistry();
 * PerfModelTrainer trainer = new PerfModelTrainer(TrainerConfig.defaults(seed), source, registry,
 *     Clock.systemUTC(), System::nanoTime);
 * trainer.start();                            // close() on shutdown
 * PerfModelService perf = new PerfModelService(registry, CapacityForecaster.defaults());
 * // GET /api/v1/services/{name}/model            -> perf.model(name)                  (empty: 404)
 * // GET /api/v1/services/{name}/whatif?load=2.0   -> perf.whatIf(name, PerfModelService.parseLoadMultiple(load))
 * // GET /api/v1/services/{name}/capacity?p99=250  -> perf.capacity(name, 250)
 * // faultline whatif SERVICE --load 2x            -> the whatif route; IllegalArgumentException: 400
 * }</pre>
 */
package dev.faultline.collector.perf;
