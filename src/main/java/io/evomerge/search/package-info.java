/**
 * The search layer: proposes merge settings, sees only a fitness callback.
 *
 * <pre>{@code
 * SearchSpace space = SearchSpace.builder()
 *         .real("w0", 0, 1).real("w1", 0, 1)          // per-model weights
 *         .ratio("pcbRatio")                           // [0, 1], snapped to 0.01
 *         .choice("nm", List.of("2:4", "4:8"))         // CABS n:m
 *         .build();
 * SearchStrategy strategy = Strategies.create(new CmaEsOptions(0, 0.3, Map.of(), true), seed);
 * SearchResult result = new Search(space, strategy, budget)
 *         .run(batch -> scoreInParallel(batch), journalled, evaluation -> { // journalled: replayed on resume
 *             if (!evaluation.replayed()) journal.append(evaluation);
 *             progress.step(evaluation);
 *         });
 * }</pre>
 *
 * An experiment's options come from {@link io.evomerge.search.Strategies#options}, which checks them when the
 * file is read. Every strategy proposes points of the unit cube {@code [0, 1]^n} as a {@code DoubleGene}
 * genotype; {@link io.evomerge.search.SearchSpace#decode} maps them onto the genes' bounds, so no
 * strategy can leave them. {@link io.evomerge.search.Search#stream} exposes a run as a Jenetics
 * {@code EvolutionStream} for {@code Limits}, statistics and collectors.
 */
package io.evomerge.search;
