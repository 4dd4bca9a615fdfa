package io.evomerge.finetune;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Clipping by global norm (as torch.nn.utils.clip_grad_norm_): when the L2 norm over all gradients exceeds the
 * limit, every gradient is scaled by limit / norm in place, so the step keeps its direction. One outlier batch then
 * cannot push Adam's moment estimates to infinity (a gradient element over about 1.8e19 squares to infinity in
 * float32 and turns the weights into NaN).
 */
final class GradientClipping {
    private GradientClipping() {
    }

    /** Clips {@code gradients} in place to global norm {@code maxNorm}; returns the norm before clipping. */
    static double clip(List<NDArray> gradients, double maxNorm) {
        double sumOfSquares = 0;
        for (NDArray g : gradients) {
            double n = norm(g);
            sumOfSquares += n * n;
        }
        double norm = Math.sqrt(sumOfSquares);
        if (norm > maxNorm && Double.isFinite(norm)) {
            float scale = (float) (maxNorm / norm);
            gradients.forEach(g -> g.muli(scale));
        }
        return norm;
    }

    /**
     * One array's L2 norm without float32 overflow: max |g| times the norm of g / max |g| (PyTorch squares in
     * float32, so elements above about 1.8e19 would give infinity).
     */
    private static double norm(NDArray g) {
        double largest;
        try (NDArray abs = g.abs(); NDArray max = abs.max()) {
            largest = max.getFloat();
        }
        if (!(largest > 0) || Double.isInfinite(largest)) {
            return largest; // 0, NaN or infinity
        }
        try (NDArray scaled = g.div((float) largest); NDArray n = scaled.norm()) {
            return largest * n.getFloat();
        }
    }
}
