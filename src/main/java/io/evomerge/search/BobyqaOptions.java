package io.evomerge.search;

import io.evomerge.config.Range;
import io.evomerge.config.YamlNode;

import java.util.List;
import java.util.Map;

/**
 * BOBYQA's settings (Brent's method for one gene).
 *
 * @param radius              initial trust-region radius in unit coordinates, in (0, 0.5]
 * @param stopRadius          final trust-region radius (Brent: absolute accuracy), in (0, radius]
 * @param interpolationPoints BOBYQA's interpolation points: 0 = 2n + 1, else in [n + 2, (n + 1)(n + 2) / 2]
 * @param start               first run's start as gene values; genes left out start at the centre
 */
public record BobyqaOptions(double radius, double stopRadius, int interpolationPoints, Map<String, Object> start)
        implements StrategyOptions {
    public static final BobyqaOptions DEFAULT = new BobyqaOptions(0.2, 1e-3, 0, Map.of());
    static final Range RADIUS = Range.above(0, 0.5);

    public BobyqaOptions {
        start = Map.copyOf(start);
    }

    static BobyqaOptions read(YamlNode o) {
        o.onlyKeys(List.of("radius", "stopRadius", "interpolationPoints", "start"));
        double radius = o.number("radius", RADIUS, DEFAULT.radius());
        return new BobyqaOptions(radius, o.number("stopRadius", Range.above(0, radius), DEFAULT.stopRadius()),
                o.integer("interpolationPoints", Range.closed(0, 1_000_000), 0), OptionValues.start(o));
    }

    @Override
    public String strategy() {
        return "bobyqa";
    }

    /** The interpolation points for {@code n} genes (n ≥ 2). */
    int points(int n) {
        int max = (n + 1) * (n + 2) / 2;
        int points = interpolationPoints == 0 ? 2 * n + 1 : interpolationPoints;
        if (points < n + 2 || points > max) {
            throw new IllegalArgumentException("interpolationPoints: must be 0 or in [" + (n + 2) + ", " + max
                    + "] for " + n + " genes, found " + interpolationPoints);
        }
        return points;
    }

    @Override
    public void check(SearchSpace space) {
        if (space.dimension() > 1) points(space.dimension());
        OptionValues.checkStart(start, space);
    }

    @Override
    public BobyqaOptions withDefaultStart(Map<String, ?> start) {
        return this.start.isEmpty() ? new BobyqaOptions(radius, stopRadius, interpolationPoints, Map.copyOf(start))
                : this;
    }
}
