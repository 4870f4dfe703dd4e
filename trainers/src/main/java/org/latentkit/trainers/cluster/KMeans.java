package org.latentkit.trainers.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Random;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;

/**
 * Lloyd's k-means with k-means++ seeding (Arthur and Vassilvitskii 2007), on the DJL engine.
 *
 * <p>Given points {@code X} of shape {@code (N, D)} it looks for {@code K} centres {@code C}
 * ({@code (K, D)}) that minimise the inertia {@code Σ_i min_k ‖x_i − c_k‖²}:
 *
 * <ol>
 *   <li><b>Seeding:</b> the first centre is a uniformly drawn point; each further centre is point
 *       {@code i} with probability {@code D(x_i)² / Σ_j D(x_j)²}, where {@code D(x)} is the
 *       distance to the nearest centre chosen so far.
 *   <li><b>Assignment:</b> {@code a_i = argmin_k ‖x_i − c_k‖²}, computed for the whole set as
 *       {@code ‖x‖² − 2 X Cᵀ + ‖c‖²} (one {@code (N, K)} matrix product).
 *   <li><b>Update:</b> {@code C = diag(n)⁻¹ Aᵀ X} with {@code A} the {@code (N, K)} one-hot
 *       assignment matrix and {@code n_k} the cluster sizes. A cluster left empty takes the point
 *       farthest from its centre.
 * </ol>
 *
 * Steps 2–3 repeat until no assignment changes, the inertia improves by less than {@code tolerance}
 * (relative), or {@code maxIterations} is reached. With {@code restarts > 1} the whole procedure
 * runs again from new seedings and the lowest inertia wins. The seeding's draws come from a {@link
 * Random} seeded by {@code seed}, and the engine's products are deterministic on one CPU, so the
 * same seed gives the same clustering.
 *
 * <pre>{@code
 * KMeans kmeans = KMeans.builder().setClusters(10).optSeed(1).build();
 * KMeans.Result result = kmeans.fit(points); // points: (N, D) float32
 * int[] cluster = result.assignments();
 * }</pre>
 */
public final class KMeans {

    private final int clusters;
    private final long seed;
    private final int maxIterations;
    private final double tolerance;
    private final int restarts;

    private KMeans(Builder b) {
        this.clusters = b.clusters;
        this.seed = b.seed;
        this.maxIterations = b.maxIterations;
        this.tolerance = b.tolerance;
        this.restarts = b.restarts;
    }

    /**
     * Starts a builder.
     *
     * @return a builder; {@link Builder#setClusters} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A fitted clustering.
     *
     * @param centres {@code centres[k]} is centre {@code k}, {@code D} values
     * @param assignments the nearest centre of every point, {@code N} values in {@code 0..K-1}
     * @param inertia {@code Σ_i ‖x_i − c_{a_i}‖²}
     * @param iterations Lloyd iterations of the winning restart
     */
    public record Result(float[][] centres, int[] assignments, double inertia, int iterations) {

        /**
         * The nearest centre of each point.
         *
         * @param points {@code (M, D)} float32
         * @return {@code M} cluster indices
         */
        public int[] predict(NDArray points) {
            try (NDManager m = points.getManager().newSubManager()) {
                NDArray c = m.create(flatten(centres)).reshape(centres.length, centres[0].length);
                return nearest(points, c).toType(DataType.INT32, false).toIntArray();
            }
        }
    }

    /**
     * Clusters the points.
     *
     * @param points {@code (N, D)} float32, {@code N ≥ K}
     * @return the best of {@code restarts} runs
     * @throws InvalidInputException if there are fewer points than clusters
     */
    public Result fit(NDArray points) {
        if (points.getShape().dimension() != 2) {
            throw new InvalidInputException(
                    "k-means: points must be (N, D), got " + points.getShape());
        }
        int n = (int) points.getShape().get(0);
        if (n < clusters) {
            throw new InvalidInputException(
                    "k-means: " + n + " points cannot make " + clusters + " clusters");
        }
        Random random = new Random(seed);
        Result best = null;
        for (int r = 0; r < restarts; r++) {
            Result result = lloyd(points, random);
            if (best == null || result.inertia() < best.inertia()) {
                best = result;
            }
        }
        return best;
    }

    private Result lloyd(NDArray points, Random random) {
        int n = (int) points.getShape().get(0);
        int d = (int) points.getShape().get(1);
        try (NDManager m = points.getManager().newSubManager()) {
            NDArray x = points.toType(DataType.FLOAT32, false);
            NDArray squaredNorms = x.square().sum(new int[] {1}, true); // (N, 1)
            NDArray c = seedCentres(m, x, squaredNorms, random);
            int[] assignment = null;
            double inertia = Double.POSITIVE_INFINITY;
            int iterations = 0;
            while (iterations < maxIterations) {
                iterations++;
                NDArray distances = squaredDistances(x, squaredNorms, c); // (N, K)
                NDArray nearest = distances.argMin(1);
                int[] next = nearest.toType(DataType.INT32, false).toIntArray();
                float[] own = distances.min(new int[] {1}).toFloatArray();
                double current = 0;
                for (float v : own) {
                    current += Math.max(0f, v);
                }
                boolean unchanged = Arrays.equals(next, assignment);
                boolean flat = inertia - current <= tolerance * Math.max(current, 1e-12);
                assignment = next;
                inertia = current;
                c = update(m, x, nearest, own, c);
                if (unchanged || flat) {
                    break;
                }
            }
            float[][] centres = new float[clusters][];
            float[] flat = c.toFloatArray();
            for (int k = 0; k < clusters; k++) {
                centres[k] = Arrays.copyOfRange(flat, k * d, (k + 1) * d);
            }
            return new Result(centres, assignment, inertia, iterations);
        }
    }

    private NDArray seedCentres(NDManager m, NDArray x, NDArray squaredNorms, Random random) {
        int n = (int) x.getShape().get(0);
        int[] chosen = new int[clusters];
        chosen[0] = random.nextInt(n);
        float[] nearest = null;
        for (int k = 1; k < clusters; k++) {
            NDArray last = x.get(chosen[k - 1]).reshape(1, -1);
            float[] d2 = squaredDistances(x, squaredNorms, last).toFloatArray();
            if (nearest == null) {
                nearest = d2;
            } else {
                for (int i = 0; i < n; i++) {
                    nearest[i] = Math.min(nearest[i], d2[i]);
                }
            }
            chosen[k] = drawProportional(nearest, random);
        }
        return x.get(m.create(chosen));
    }

    /** Draws index {@code i} with probability {@code w_i / Σ w}; uniform when all are zero. */
    private static int drawProportional(float[] weights, Random random) {
        double total = 0;
        for (float w : weights) {
            total += Math.max(0f, w);
        }
        if (total <= 0) {
            return random.nextInt(weights.length);
        }
        double u = random.nextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < weights.length; i++) {
            cumulative += Math.max(0f, weights[i]);
            if (u < cumulative) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private NDArray update(NDManager m, NDArray x, NDArray nearest, float[] own, NDArray c) {
        NDArray oneHot = nearest.oneHot(clusters).toType(DataType.FLOAT32, false); // (N, K)
        float[] sizes = oneHot.sum(new int[] {0}).toFloatArray();
        NDArray sums = oneHot.transpose().matMul(x); // (K, D)
        float[] divisor = new float[clusters];
        int[] far = null;
        for (int k = 0; k < clusters; k++) {
            divisor[k] = Math.max(1f, sizes[k]);
        }
        NDArray next = sums.div(m.create(divisor).reshape(clusters, 1));
        for (int k = 0; k < clusters; k++) {
            if (sizes[k] == 0) {
                far = far == null ? farthestFirst(own) : far;
                next.set(new NDIndex(k), x.get(far[k]));
            }
        }
        return next;
    }

    /** Point indices by decreasing distance to their centre, one per cluster slot. */
    private int[] farthestFirst(float[] own) {
        Integer[] order = new Integer[own.length];
        for (int i = 0; i < own.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(own[b], own[a]));
        int[] far = new int[clusters];
        for (int k = 0; k < clusters; k++) {
            far[k] = order[k];
        }
        return far;
    }

    private static NDArray squaredDistances(NDArray x, NDArray squaredNorms, NDArray c) {
        NDArray cNorms = c.square().sum(new int[] {1}).reshape(1, -1); // (1, K)
        return squaredNorms.sub(Scalars.mul(x.matMul(c.transpose()), 2f)).add(cNorms);
    }

    private static NDArray nearest(NDArray points, NDArray c) {
        NDArray x = points.toType(DataType.FLOAT32, false);
        return squaredDistances(x, x.square().sum(new int[] {1}, true), c).argMin(1);
    }

    private static float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * rows[0].length, rows[0].length);
        }
        return flat;
    }

    /** Builds a {@link KMeans}. */
    public static final class Builder {

        private int clusters;
        private long seed = 1;
        private int maxIterations = 100;
        private double tolerance = 1e-6;
        private int restarts = 1;

        private Builder() {}

        /**
         * Sets the number of clusters (required).
         *
         * @param k at least 2
         * @return this builder
         */
        public Builder setClusters(int k) {
            this.clusters = k;
            return this;
        }

        /**
         * Sets the seed of the k-means++ draws (default 1).
         *
         * @param seed any value
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the most Lloyd iterations per restart (default 100).
         *
         * @param iterations at least 1
         * @return this builder
         */
        public Builder optMaxIterations(int iterations) {
            this.maxIterations = iterations;
            return this;
        }

        /**
         * Sets the relative inertia improvement below which the iterations stop (default 1e-6).
         *
         * @param tolerance at least 0
         * @return this builder
         */
        public Builder optTolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /**
         * Sets how many seedings to try, keeping the lowest inertia (default 1).
         *
         * @param restarts at least 1
         * @return this builder
         */
        public Builder optRestarts(int restarts) {
            this.restarts = restarts;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the k-means
         * @throws InvalidInputException naming the first bad option
         */
        public KMeans build() {
            if (clusters < 2) {
                throw new InvalidInputException(
                        "clusters: k-means needs at least 2 clusters, got " + clusters);
            }
            if (maxIterations < 1) {
                throw new InvalidInputException(
                        "max-iterations: must be at least 1, got " + maxIterations);
            }
            if (!(tolerance >= 0)) {
                throw new InvalidInputException("tolerance: must be at least 0, got " + tolerance);
            }
            if (restarts < 1) {
                throw new InvalidInputException("restarts: must be at least 1, got " + restarts);
            }
            return new KMeans(this);
        }
    }
}
