package io.evomerge.search;

import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The genes a search tunes. Strategies see the unit cube {@code [0, 1]^dimension()} (a
 * {@code DoubleGene} genotype); {@link #decode} turns a point into a {@link Candidate}.
 */
public final class SearchSpace {

    private final List<Param> params;

    private SearchSpace(List<Param> params) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("search space must declare at least 1 gene");
        }
        var names = new HashSet<String>();
        for (Param p : params) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("gene names must be unique, '" + p.name() + "' repeats");
            }
        }
        this.params = List.copyOf(params);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Param> params() {
        return params;
    }

    public int dimension() {
        return params.size();
    }

    /** The candidate at a unit-cube point. */
    public Candidate decode(double[] unit) {
        if (unit.length != params.size()) {
            throw new IllegalArgumentException(
                    "point must have " + params.size() + " coordinates, got " + unit.length);
        }
        var values = new LinkedHashMap<String, Object>();
        for (int i = 0; i < unit.length; i++) {
            if (!(unit[i] >= 0 && unit[i] <= 1)) {
                throw new IllegalArgumentException(
                        "coordinate " + i + " must be in [0, 1], got " + unit[i]);
            }
            values.put(params.get(i).name(), params.get(i).decode(unit[i]));
        }
        return new Candidate(values);
    }

    /** The candidate a unit-cube genotype stands for. */
    public Candidate decode(Genotype<DoubleGene> genotype) {
        return decode(Unit.point(genotype));
    }

    /** The unit point of the given gene values; genes left out sit at the centre, 0.5. */
    double[] encode(Map<String, ?> values) {
        var known = new HashSet<String>();
        double[] unit = new double[params.size()];
        for (int i = 0; i < unit.length; i++) {
            Param p = params.get(i);
            known.add(p.name());
            unit[i] = values.containsKey(p.name()) ? p.encode(values.get(p.name())) : 0.5;
        }
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown gene '" + name + "'; genes: " + known);
            }
        }
        return unit;
    }

    /** Declares genes in order; that order is the genotype's. */
    public static final class Builder {

        private final List<Param> params = new ArrayList<>();

        private Builder() {}

        /** A continuous gene in {@code [lo, hi]}, not snapped. */
        public Builder real(String name, double lo, double hi) {
            return real(name, lo, hi, 0);
        }

        /** A continuous gene in {@code [lo, hi]} snapped to {@code lo + k·step}. */
        public Builder real(String name, double lo, double hi, double step) {
            params.add(new Param.Real(name, lo, hi, step));
            return this;
        }

        /** A ratio (PCB ratio, TIES density, DARE drop rate) in {@code [0, 1]}, snapped to 0.01. */
        public Builder ratio(String name) {
            return real(name, 0, 1, 0.01);
        }

        /** A discrete gene choosing one of {@code options} (n:m patterns, pruning orders, ...). */
        public Builder choice(String name, List<?> options) {
            params.add(new Param.Choice(name, options));
            return this;
        }

        public SearchSpace build() {
            return new SearchSpace(params);
        }
    }
}
