package io.evomerge.data;

/**
 * Resizes 8-bit planes exactly as Pillow's {@code Image.resize} does for 8-bit modes (libImaging/Resample.c, the
 * path Hugging Face's CLIPImageProcessor takes): a separable convolution, horizontal pass first, whose kernel is
 * stretched by the scale when shrinking (so shrinking averages, antialiased), with coefficients normalised per
 * output pixel, turned into 22-bit fixed point, and each pass rounded and clipped to 0..255. Bicubic is Keys' cubic
 * with a = -0.5 (support 2), bilinear the triangle (support 1).
 *
 * <p>Known differences elsewhere: torchvision's tensor resize (HF's "fast" processors) uses a = -0.75 and float
 * arithmetic without the per-pass rounding, and OpenCV's INTER_CUBIC neither stretches the kernel when shrinking nor
 * uses a = -0.5; both can differ from this by several levels. Pillow-SIMD agrees with Pillow to within 1 level.
 */
final class PilResize {

    private static final int PRECISION_BITS = 32 - 8 - 2;

    /** Pillow's filter numbers: 2 bilinear, 3 bicubic. */
    enum Filter {
        BILINEAR(1.0) {
            @Override
            double weight(double x) {
                x = Math.abs(x);
                return x < 1.0 ? 1.0 - x : 0.0;
            }
        },
        BICUBIC(2.0) {
            @Override
            double weight(double x) {
                double a = -0.5;
                x = Math.abs(x);
                if (x < 1.0) {
                    return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
                }
                if (x < 2.0) {
                    return (((x - 5) * x + 8) * x - 4) * a;
                }
                return 0.0;
            }
        };

        private final double support;

        Filter(double support) {
            this.support = support;
        }

        abstract double weight(double x);
    }

    private PilResize() {
    }

    /** One plane {@code [inH][inW]} resized to {@code [outH][outW]}. */
    static byte[] resize(byte[] in, int inW, int inH, int outW, int outH, Filter filter) {
        byte[] plane = in;
        int width = inW;
        if (outW != inW) {
            Kernel k = Kernel.of(inW, outW, filter);
            byte[] out = new byte[outW * inH];
            for (int y = 0; y < inH; y++) {
                for (int x = 0; x < outW; x++) {
                    int sum = 1 << (PRECISION_BITS - 1);
                    int base = x * k.size;
                    for (int i = 0; i < k.count[x]; i++) {
                        sum += (plane[y * width + k.first[x] + i] & 0xFF) * k.weights[base + i];
                    }
                    out[y * outW + x] = clip8(sum);
                }
            }
            plane = out;
            width = outW;
        }
        if (outH != inH) {
            Kernel k = Kernel.of(inH, outH, filter);
            byte[] out = new byte[width * outH];
            for (int y = 0; y < outH; y++) {
                int base = y * k.size;
                for (int x = 0; x < width; x++) {
                    int sum = 1 << (PRECISION_BITS - 1);
                    for (int i = 0; i < k.count[y]; i++) {
                        sum += (plane[(k.first[y] + i) * width + x] & 0xFF) * k.weights[base + i];
                    }
                    out[y * width + x] = clip8(sum);
                }
            }
            plane = out;
        }
        return plane == in ? in.clone() : plane;
    }

    private static byte clip8(int sum) {
        if (sum >= (1 << PRECISION_BITS << 8)) {
            return (byte) 255;
        }
        if (sum <= 0) {
            return 0;
        }
        return (byte) (sum >> PRECISION_BITS);
    }

    /** Pillow's precompute_coeffs and normalize_coeffs_8bpc: per output pixel, the first input and the weights. */
    private record Kernel(int size, int[] first, int[] count, int[] weights) {

        static Kernel of(int inSize, int outSize, Filter filter) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support * filterScale;
            int size = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[outSize];
            int[] count = new int[outSize];
            int[] weights = new int[outSize * size];
            double[] k = new double[size];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                double ss = 1.0 / filterScale;
                // C's (int) truncates toward zero, as Java's cast does
                int xmin = Math.max(0, (int) (center - support + 0.5));
                int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
                double total = 0.0;
                for (int x = 0; x < xmax; x++) {
                    k[x] = filter.weight((x + xmin - center + 0.5) * ss);
                    total += k[x];
                }
                for (int x = 0; x < xmax; x++) {
                    double w = total != 0.0 ? k[x] / total : k[x];
                    weights[xx * size + x] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS)
                            : 0.5 + w * (1 << PRECISION_BITS));
                }
                first[xx] = xmin;
                count[xx] = xmax;
            }
            return new Kernel(size, first, count, weights);
        }
    }
}
