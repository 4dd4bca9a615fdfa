package io.evomerge.search;

import io.evomerge.config.Range;
import io.evomerge.config.YamlNode;

import java.util.List;
import java.util.Map;

/**
 * CMA-ES's settings.
 *
 * @param lambda    samples per generation, in [2, 100000]; 0 = 4 + ⌊3 ln n⌋ for n genes
 * @param sigma     initial step size in unit-cube coordinates, in (0, 1]
 * @param start     initial mean as gene values; genes left out start at the centre
 * @param evalStart also score the start point itself, first (pycma's {@code eval_initial_x})
 */
public record CmaEsOptions(int lambda, double sigma, Map<String, Object> start, boolean evalStart)
        implements StrategyOptions {
    static final Range LAMBDA = Range.closed(2, 100_000);
    static final Range SIGMA = Range.above(0, 1);
    public static final CmaEsOptions DEFAULT = new CmaEsOptions(0, 0.3, Map.of(), true);

    public CmaEsOptions {
        if (lambda != 0 && !LAMBDA.contains(lambda)) throw new IllegalArgumentException("lambda: must be in " + LAMBDA);
        if (!SIGMA.contains(sigma)) throw new IllegalArgumentException("sigma: must be in " + SIGMA);
        start = Map.copyOf(start);
    }

    static CmaEsOptions read(YamlNode o) {
        o.onlyKeys(List.of("lambda", "sigma", "start", "eval_start"));
        return new CmaEsOptions(o.has("lambda") ? (int) o.integer("lambda", LAMBDA, null) : 0,
                o.number("sigma", SIGMA, DEFAULT.sigma()), OptionValues.start(o), o.bool("eval_start", true));
    }

    @Override
    public String strategy() {
        return "cmaes";
    }

    @Override
    public void check(SearchSpace space) {
        OptionValues.checkStart(start, space);
    }

    @Override
    public CmaEsOptions withDefaultStart(Map<String, ?> start) {
        return this.start.isEmpty() ? new CmaEsOptions(lambda, sigma, Map.copyOf(start), evalStart) : this;
    }
}
