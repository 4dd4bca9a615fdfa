package io.evomerge.search;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * One gene of a {@link SearchSpace}. Every strategy works in the unit cube; a parameter maps its
 * unit coordinate {@code u ∈ [0, 1]} to a value (affine map for reals, equal-width bins for
 * choices), so bounds hold by construction.
 */
public sealed interface Param permits Param.Real, Param.Choice {

    /** The gene's name, unique within its space. */
    String name();

    /** The value at unit coordinate {@code u ∈ [0, 1]}. */
    Object decode(double u);

    /** A unit coordinate that decodes to {@code value}. */
    double encode(Object value);

    /**
     * A continuous gene in {@code [lo, hi]}. With {@code step > 0} decoded values snap to the grid
     * {@code lo + k·step} (k = 0 … ⌊(hi − lo)/step⌋), so nearby proposals share one merge plan.
     */
    record Real(String name, double lo, double hi, double step) implements Param {

        // Decoded values are rounded to 12 significant digits: lo + k·step is then the clean decimal
        // (0.07, not 0.07000000000000001), and decode(encode(v)) == v for every grid value v.
        private static final MathContext DIGITS = new MathContext(12);

        public Real {
            requireName(name);
            if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
                throw new IllegalArgumentException(
                        "bounds of '" + name + "' must be finite with lo < hi, got [" + lo + ", " + hi + "]");
            }
            if (!(step >= 0) || step > hi - lo) {
                throw new IllegalArgumentException(
                        "step of '" + name + "' must be in [0, " + (hi - lo) + "], got " + step);
            }
        }

        @Override
        public Double decode(double u) {
            double v = lo + u * (hi - lo);
            if (step > 0) {
                long last = (long) Math.floor((hi - lo) / step + 1e-9);
                v = lo + Math.min(Math.round((v - lo) / step), last) * step;
            }
            return new BigDecimal(v).round(DIGITS).doubleValue();
        }

        @Override
        public double encode(Object value) {
            if (!(value instanceof Number n) || !(n.doubleValue() >= lo && n.doubleValue() <= hi)) {
                throw new IllegalArgumentException(
                        "value of '" + name + "' must be a number in [" + lo + ", " + hi + "], got " + value);
            }
            return (n.doubleValue() - lo) / (hi - lo);
        }
    }

    /** A discrete gene: the unit interval is cut into {@code options.size()} equal bins. */
    record Choice(String name, List<?> options) implements Param {

        public Choice {
            requireName(name);
            options = List.copyOf(options);
            if (options.isEmpty()) {
                throw new IllegalArgumentException("options of '" + name + "' must hold at least 1 value");
            }
        }

        @Override
        public Object decode(double u) {
            return options.get(Math.min((int) Math.floor(u * options.size()), options.size() - 1));
        }

        @Override
        public double encode(Object value) {
            int index = options.indexOf(value);
            if (index < 0) {
                throw new IllegalArgumentException(
                        "value of '" + name + "' must be one of " + options + ", got " + value);
            }
            return (index + 0.5) / options.size(); // the bin's centre
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parameter name must be a non-blank string, got '" + name + "'");
        }
    }
}
