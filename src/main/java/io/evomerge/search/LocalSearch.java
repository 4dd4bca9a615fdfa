package io.evomerge.search;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/** One deterministic, bound-constrained local minimisation in the unit cube, run to convergence. */
@FunctionalInterface
interface LocalSearch {

    void minimize(ToDoubleFunction<double[]> loss, double[] start);

    /** Powell's BOBYQA (commons-math); it needs at least 2 dimensions. */
    static LocalSearch bobyqa(int interpolationPoints, double radius, double stopRadius) {
        return (loss, start) -> {
            double[] lower = new double[start.length];
            double[] upper = new double[start.length];
            Arrays.fill(upper, 1);
            new BOBYQAOptimizer(interpolationPoints, radius, stopRadius).optimize(
                    new MaxEval(Integer.MAX_VALUE), GoalType.MINIMIZE, new InitialGuess(start),
                    new SimpleBounds(lower, upper), new ObjectiveFunction(x -> loss.applyAsDouble(x.clone())));
        };
    }

    /** The 1-D counterpart: Brent's method on [0, 1], to absolute accuracy {@code stopRadius}. */
    static LocalSearch brent(double stopRadius) {
        return (loss, start) -> new BrentOptimizer(1e-8, stopRadius).optimize(
                new MaxEval(Integer.MAX_VALUE), GoalType.MINIMIZE, new SearchInterval(0, 1, start[0]),
                new UnivariateObjectiveFunction(x -> loss.applyAsDouble(new double[] {x})));
    }
}
