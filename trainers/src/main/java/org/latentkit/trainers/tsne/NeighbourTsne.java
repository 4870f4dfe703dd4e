package org.latentkit.trainers.tsne;

import java.util.Arrays;
import java.util.Random;
import org.latentkit.core.InvalidInputException;

/**
 * t-SNE for thousands of points, on plain Java arrays: the input affinities are sparse, on each
 * point's {@code k = min(n − 1, ⌊3·perplexity⌋)} nearest neighbours (L. van der Maaten,
 * "Accelerating t-SNE using Tree-Based Algorithms", JMLR 15, 2014), and the repulsion is exact, one
 * pass over the {@code n(n − 1)/2} pairs per iteration. {@link Tsne} holds dense {@code (n, n)}
 * arrays on the engine, which is fine for a figure of 1,000 points; this one keeps O(n·k) memory,
 * and 10,000 points take a few minutes on one core.
 *
 * <p><b>Affinities.</b> For each point i, over its k nearest neighbours j (squared Euclidean
 * distances {@code d_ij}), {@code p_{j|i} = exp(−β_i d_ij) / Σ_l exp(−β_i d_il)} with β_i found by
 * bisection so that the row's entropy is {@code ln(perplexity)}; then {@code p_ij = (p_{j|i} +
 * p_{i|j}) / 2n}, a symmetric sparse matrix summing to 1.
 *
 * <p><b>Gradient.</b> With {@code w_ij = (1 + ‖y_i − y_j‖²)⁻¹} and {@code Z = Σ_{k≠l} w_kl},
 *
 * <pre>
 *   ∂C/∂y_i = 4 [ α Σ_j p_ij w_ij (y_i − y_j)  −  (1/Z) Σ_j w_ij² (y_i − y_j) ]
 * </pre>
 *
 * where α is the early exaggeration during the first iterations and 1 after. The descent is the
 * reference code's: momentum (0.5 while exaggerating, then 0.8), Jacobs' adaptive gains (+0.2 when
 * the gradient and the last step disagree in sign, ×0.8 otherwise, at least 0.01), and the
 * embedding is recentred after each step. Y starts at N(0, 10⁻⁴ I) drawn from {@code seed}; the
 * computation is single-threaded and in a fixed order, so the same input and seed give the same
 * embedding bit for bit.
 */
public final class NeighbourTsne {

    private static final double ENTROPY_TOLERANCE = 1e-5;
    private static final int SEARCH_STEPS = 200;
    private static final float MIN_GAIN = 0.01f;

    private NeighbourTsne() {}

    /**
     * The settings scikit-learn and openTSNE use for large n: early exaggeration 12 for the first
     * 250 iterations, and the learning rate {@code max(n / (4·12), 50)} (Belkina et al. 2019).
     *
     * @param n the number of points
     * @param perplexity the effective number of neighbours (30)
     * @param iterations gradient steps (1000)
     * @param seed seeds the initial embedding
     * @return the options
     */
    public static Tsne.Options forPoints(int n, double perplexity, int iterations, long seed) {
        float lr = Math.max(n / 48f, 50f);
        return new Tsne.Options(perplexity, iterations, lr, 12f, Math.min(250, iterations), seed);
    }

    /**
     * Embeds the rows of {@code x} in two dimensions.
     *
     * @param x {@code [n][d]} points, n at least 4, all rows of one length
     * @param options the settings
     * @return the 2-D points and the final {@code KL(P‖Q)}
     */
    public static Tsne.Embedding embed(float[][] x, Tsne.Options options) {
        int n = x.length;
        if (n < 4) {
            throw new InvalidInputException("t-SNE: needs at least 4 points, got " + n);
        }
        int k = (int) Math.min(n - 1, Math.floor(3 * options.perplexity()));
        if (options.perplexity() >= k) {
            throw new InvalidInputException(
                    "perplexity: must be below the neighbour count "
                            + k
                            + " for "
                            + n
                            + " points, got "
                            + options.perplexity());
        }
        Sparse p = affinities(x, k, options.perplexity());
        return descend(p, n, options);
    }

    /** A symmetric sparse matrix in compressed rows. */
    record Sparse(int[] rowStart, int[] cols, float[] values) {}

    /**
     * The symmetric joint affinities {@code p_ij} on the k-nearest-neighbour graph, summing to 1.
     */
    static Sparse affinities(float[][] x, int k, double perplexity) {
        int n = x.length;
        int[][] neighbours = new int[n][];
        float[][] conditional = new float[n][];
        double[] dist = new double[n];
        double target = Math.log(perplexity);
        for (int i = 0; i < n; i++) {
            float[] xi = x[i];
            for (int j = 0; j < n; j++) {
                dist[j] = Neighbours.squaredDistance(xi, x[j]);
            }
            dist[i] = Double.POSITIVE_INFINITY;
            int[] nn = Neighbours.nearest(dist, k);
            double[] dk = new double[k];
            for (int a = 0; a < k; a++) {
                dk[a] = dist[nn[a]];
            }
            neighbours[i] = nn;
            conditional[i] = rowAffinities(dk, target);
        }
        int[] count = new int[n + 1];
        for (int i = 0; i < n; i++) {
            count[i] += k;
            for (int j : neighbours[i]) {
                count[j]++;
            }
        }
        // Each (i, j) lands in row i and row j; duplicates (mutual neighbours) are merged below.
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + count[i];
        }
        int[] fill = Arrays.copyOf(start, n);
        int[] cols = new int[start[n]];
        float[] vals = new float[start[n]];
        float scale = 1f / (2f * n);
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) {
                int j = neighbours[i][a];
                float v = conditional[i][a] * scale;
                cols[fill[i]] = j;
                vals[fill[i]++] = v;
                cols[fill[j]] = i;
                vals[fill[j]++] = v;
            }
        }
        int[] outStart = new int[n + 1];
        int[] outCols = new int[start[n]];
        float[] outVals = new float[start[n]];
        int w = 0;
        for (int i = 0; i < n; i++) {
            int from = start[i];
            int len = start[i + 1] - from;
            long[] keyed = new long[len];
            for (int a = 0; a < len; a++) {
                keyed[a] = ((long) cols[from + a] << 32) | a;
            }
            Arrays.sort(keyed);
            outStart[i] = w;
            int last = -1;
            for (long key : keyed) {
                int c = (int) (key >>> 32);
                float v = vals[from + (int) key];
                if (c == last) {
                    outVals[w - 1] += v;
                } else {
                    outCols[w] = c;
                    outVals[w++] = v;
                    last = c;
                }
            }
        }
        outStart[n] = w;
        return new Sparse(outStart, Arrays.copyOf(outCols, w), Arrays.copyOf(outVals, w));
    }

    /**
     * One row's {@code p_{j|i}} over its neighbours' squared distances, with β found by bisection
     * (doubling or halving until bracketed) so that the entropy is {@code targetEntropy}.
     */
    static float[] rowAffinities(double[] d, double targetEntropy) {
        double min = Double.POSITIVE_INFINITY;
        for (double v : d) {
            min = Math.min(min, v);
        }
        double beta = 1;
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        double[] e = new double[d.length];
        for (int step = 0; step < SEARCH_STEPS; step++) {
            double sum = 0;
            double weighted = 0;
            for (int a = 0; a < d.length; a++) {
                // Shifting by the nearest distance leaves p unchanged and keeps exp from
                // underflowing.
                e[a] = Math.exp(-beta * (d[a] - min));
                sum += e[a];
                weighted += (d[a] - min) * e[a];
            }
            double entropy = Math.log(sum) + beta * weighted / sum;
            double diff = entropy - targetEntropy;
            if (Math.abs(diff) < ENTROPY_TOLERANCE) {
                break;
            }
            if (diff > 0) {
                lo = beta;
                beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = lo == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + lo) / 2;
            }
        }
        double sum = 0;
        for (int a = 0; a < d.length; a++) {
            e[a] = Math.exp(-beta * (d[a] - min));
            sum += e[a];
        }
        float[] p = new float[d.length];
        for (int a = 0; a < d.length; a++) {
            p[a] = (float) (e[a] / sum);
        }
        return p;
    }

    private static Tsne.Embedding descend(Sparse p, int n, Tsne.Options options) {
        Random rng = new Random(options.seed());
        double[] yx = new double[n];
        double[] yy = new double[n];
        for (int i = 0; i < n; i++) {
            yx[i] = 1e-2 * rng.nextGaussian();
            yy[i] = 1e-2 * rng.nextGaussian();
        }
        double[] vx = new double[n];
        double[] vy = new double[n];
        double[] gx = new double[n];
        double[] gy = new double[n];
        float[] gainX = new float[n];
        float[] gainY = new float[n];
        Arrays.fill(gainX, 1f);
        Arrays.fill(gainY, 1f);
        double[] rx = new double[n];
        double[] ry = new double[n];
        double lr = options.learningRate();
        for (int it = 0; it < options.iterations(); it++) {
            boolean exaggerating = it < options.exaggerationIterations();
            double alpha = exaggerating ? options.exaggeration() : 1;
            double momentum = exaggerating ? 0.5 : 0.8;
            double z = repulsion(yx, yy, rx, ry);
            int[] rs = p.rowStart();
            int[] cs = p.cols();
            float[] ps = p.values();
            for (int i = 0; i < n; i++) {
                double ax = 0;
                double ay = 0;
                for (int e = rs[i]; e < rs[i + 1]; e++) {
                    int j = cs[e];
                    double dx = yx[i] - yx[j];
                    double dy = yy[i] - yy[j];
                    double pw = ps[e] / (1 + dx * dx + dy * dy);
                    ax += pw * dx;
                    ay += pw * dy;
                }
                gx[i] = 4 * (alpha * ax - rx[i] / z);
                gy[i] = 4 * (alpha * ay - ry[i] / z);
            }
            double mx = 0;
            double my = 0;
            for (int i = 0; i < n; i++) {
                gainX[i] = gain(gainX[i], gx[i], vx[i]);
                gainY[i] = gain(gainY[i], gy[i], vy[i]);
                vx[i] = momentum * vx[i] - lr * gainX[i] * gx[i];
                vy[i] = momentum * vy[i] - lr * gainY[i] * gy[i];
                yx[i] += vx[i];
                yy[i] += vy[i];
                mx += yx[i];
                my += yy[i];
            }
            mx /= n;
            my /= n;
            for (int i = 0; i < n; i++) {
                yx[i] -= mx;
                yy[i] -= my;
            }
        }
        double z = repulsion(yx, yy, rx, ry);
        double kl = 0;
        for (int i = 0; i < n; i++) {
            for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
                int j = p.cols()[e];
                double dx = yx[i] - yx[j];
                double dy = yy[i] - yy[j];
                double q = 1 / (1 + dx * dx + dy * dy) / z;
                double pij = p.values()[e];
                if (pij > 0) {
                    // A far neighbour's affinity can underflow to 0, which adds nothing.
                    kl += pij * Math.log(pij / q);
                }
            }
        }
        double[][] points = new double[n][];
        for (int i = 0; i < n; i++) {
            points[i] = new double[] {yx[i], yy[i]};
        }
        return new Tsne.Embedding(points, kl);
    }

    /**
     * Fills {@code r_i = Σ_j w_ij² (y_i − y_j)} over all pairs and returns {@code Z = Σ_{i≠j}
     * w_ij}.
     */
    private static double repulsion(double[] yx, double[] yy, double[] rx, double[] ry) {
        int n = yx.length;
        Arrays.fill(rx, 0);
        Arrays.fill(ry, 0);
        double z = 0;
        for (int i = 0; i < n; i++) {
            double xi = yx[i];
            double yi = yy[i];
            double sx = 0;
            double sy = 0;
            double zi = 0;
            for (int j = i + 1; j < n; j++) {
                double dx = xi - yx[j];
                double dy = yi - yy[j];
                double w = 1 / (1 + dx * dx + dy * dy);
                zi += w;
                double w2 = w * w;
                double fx = w2 * dx;
                double fy = w2 * dy;
                sx += fx;
                sy += fy;
                rx[j] -= fx;
                ry[j] -= fy;
            }
            rx[i] += sx;
            ry[i] += sy;
            z += 2 * zi;
        }
        return z;
    }

    /** Jacobs' rule: grow where the gradient and the last step disagree in sign, else shrink. */
    private static float gain(float g, double grad, double velocity) {
        boolean same = (grad > 0) == (velocity > 0);
        return Math.max(same ? g * 0.8f : g + 0.2f, MIN_GAIN);
    }
}
