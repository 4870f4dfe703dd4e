package org.latentkit.trainers.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.core.Choice;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.Inference;
import org.latentkit.trainers.tsne.NeighbourTsne;
import org.latentkit.trainers.tsne.Neighbours;
import org.latentkit.trainers.tsne.Tsne;

/**
 * Cluster labels for a whole training set without any label, from an encoder's codes (the N2D
 * recipe of McConville et al. 2020, with t-SNE as the manifold step):
 *
 * <ol>
 *   <li>draw {@code count} of the N codes at random (seeded);
 *   <li>embed them in 2-D with {@link NeighbourTsne} (or, with {@link Embedding#NONE}, keep the
 *       codes): clusters that overlap in code space come apart along the data's manifold;
 *   <li>cluster the embedding with {@link KMeans} ({@code K} clusters, k-means++ with restarts);
 *   <li>give every one of the N codes the majority label of its {@code vote} nearest drawn codes
 *       (in code space; ties go to the nearest of the tied labels).
 * </ol>
 *
 * Labels are never read. Every step is deterministic under the seed, so one encoder and seed give
 * one labelling.
 *
 * <pre>{@code
 * try (ai.djl.ndarray.NDManager manager = ctx.engine().newBaseManager(ctx.device())) {
 *     ai.djl.nn.Block encoder = ai.djl.nn.Blocks.batchFlattenBlock(); // or a pretrained encoder
 *     float[][] codes = PseudoLabels.codes(manager, encoder, train);
 *     PseudoLabels.Result r = PseudoLabels.builder().optSeed(1).build().label(manager, codes);
 *     DigitSet pseudo = train.withLabels(r.labels(), " [pseudo-labels]");
 * }
 * }</pre>
 */
public final class PseudoLabels {

    /** The manifold step between the codes and k-means. */
    public enum Embedding implements Choice {
        /** {@link NeighbourTsne} to 2-D, perplexity 30. */
        TSNE("tsne"),
        /** None: k-means on the codes themselves (DEC's initialisation). */
        NONE("none");

        private final String id;

        Embedding(String id) {
            this.id = id;
        }

        /** {@inheritDoc} */
        @Override
        public String id() {
            return id;
        }

        /**
         * Parses an embedding.
         *
         * @param text {@code tsne} or {@code none}
         * @return the embedding
         */
        public static Embedding parse(String text) {
            return Choice.parse(values(), "embedding", "embedding", text);
        }
    }

    /**
     * A labelling.
     *
     * @param labels one cluster in {@code 0..K-1} per code
     * @param drawn the indices of the drawn codes that were embedded and clustered
     * @param drawnLabels their clusters (before propagation)
     * @param klDivergence the t-SNE's final KL divergence, NaN without t-SNE
     * @param seconds wall time
     */
    public record Result(
            int[] labels, int[] drawn, int[] drawnLabels, double klDivergence, double seconds) {}

    private final int clusters;
    private final Embedding embedding;
    private final int count;
    private final double perplexity;
    private final int iterations;
    private final int vote;
    private final int restarts;
    private final long seed;

    private PseudoLabels(Builder b) {
        this.clusters = b.clusters;
        this.embedding = b.embedding;
        this.count = b.count;
        this.perplexity = b.perplexity;
        this.iterations = b.iterations;
        this.vote = b.vote;
        this.restarts = b.restarts;
        this.seed = b.seed;
    }

    /**
     * Starts a builder at the defaults: 10 clusters, t-SNE of 10,000 drawn codes (perplexity 30,
     * 1000 iterations), 10 k-means restarts, a 10-neighbour vote, seed 42.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the embedding step.
     *
     * @return t-SNE or none
     */
    public Embedding embedding() {
        return embedding;
    }

    /**
     * Returns how many codes are embedded and clustered.
     *
     * @return the draw size
     */
    public int count() {
        return count;
    }

    /**
     * Returns a block's outputs on a whole set, as Java rows.
     *
     * @param manager where the intermediate arrays live
     * @param features maps {@code (B, 1, 28, 28)} in {@code [0, 1]} to {@code (B, d)}
     * @param set the images
     * @return {@code [N][d]} codes
     */
    public static float[][] codes(NDManager manager, Block features, DigitSet set) {
        try (NDManager m = manager.newSubManager()) {
            NDArray all = outputs(m, features, set);
            int d = (int) all.getShape().get(1);
            float[] flat = all.toFloatArray();
            float[][] rows = new float[set.size()][d];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(flat, i * d, rows[i], 0, d);
            }
            return rows;
        }
    }

    /**
     * Returns a block's outputs on a whole set, batch by batch in inference mode.
     *
     * @param m where the arrays live
     * @param block maps {@code (B, 1, 28, 28)} in {@code [0, 1]} to {@code (B, d)}
     * @param set the images
     * @return the {@code (N, d)} outputs
     */
    static NDArray outputs(NDManager m, Block block, DigitSet set) {
        ParameterStore store = new ParameterStore(m, false);
        NDList parts = new NDList();
        for (int from = 0; from < set.size(); from += Inference.BATCH) {
            int to = Math.min(set.size(), from + Inference.BATCH);
            NDArray x = set.images(m, null, from, to, Normalization.UNIT);
            parts.add(block.forward(store, new NDList(x), false).singletonOrThrow());
        }
        return parts.size() == 1 ? parts.head() : NDArrays.concat(parts);
    }

    /**
     * Labels every code.
     *
     * @param manager where k-means runs
     * @param codes {@code [N][d]} codes, N at least the cluster count
     * @return the labelling
     */
    public Result label(NDManager manager, float[][] codes) {
        long t0 = System.nanoTime();
        int n = codes.length;
        if (n < clusters) {
            throw new InvalidInputException(
                    "pseudo-labels: need at least " + clusters + " images, got " + n);
        }
        int[] drawn = draw(n, Math.min(count, n), seed);
        float[][] subset = new float[drawn.length][];
        for (int a = 0; a < drawn.length; a++) {
            subset[a] = codes[drawn[a]];
        }
        double kl = Double.NaN;
        float[][] clustered = subset;
        if (embedding == Embedding.TSNE) {
            Tsne.Embedding e =
                    NeighbourTsne.embed(
                            subset,
                            NeighbourTsne.forPoints(subset.length, perplexity, iterations, seed));
            kl = e.klDivergence();
            clustered = new float[subset.length][2];
            for (int a = 0; a < subset.length; a++) {
                clustered[a][0] = (float) e.points()[a][0];
                clustered[a][1] = (float) e.points()[a][1];
            }
        }
        int[] drawnLabels;
        try (NDManager m = manager.newSubManager()) {
            int d = clustered[0].length;
            float[] flat = new float[clustered.length * d];
            for (int a = 0; a < clustered.length; a++) {
                System.arraycopy(clustered[a], 0, flat, a * d, d);
            }
            NDArray points = m.create(flat).reshape(clustered.length, d);
            drawnLabels =
                    KMeans.builder()
                            .setClusters(clusters)
                            .optSeed(seed)
                            .optRestarts(restarts)
                            .build()
                            .fit(points)
                            .assignments();
        }
        int[] labels = propagate(codes, drawn, drawnLabels, clusters, vote);
        return new Result(labels, drawn, drawnLabels, kl, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Gives every point the majority label of its {@code k} nearest labelled points; a labelled
     * point keeps its own label. Ties go to the tied label whose member is nearest.
     *
     * @param points {@code [N][d]}
     * @param labelled indices of the labelled points
     * @param labels their labels, in {@code 0..clusters-1}
     * @param clusters the label count
     * @param k voters per point, at most {@code labelled.length}
     * @return {@code N} labels
     */
    public static int[] propagate(
            float[][] points, int[] labelled, int[] labels, int clusters, int k) {
        int n = points.length;
        int voters = Math.min(k, labelled.length);
        int[] out = new int[n];
        boolean[] own = new boolean[n];
        for (int a = 0; a < labelled.length; a++) {
            out[labelled[a]] = labels[a];
            own[labelled[a]] = true;
        }
        double[] dist = new double[labelled.length];
        int[] votes = new int[clusters];
        for (int i = 0; i < n; i++) {
            if (own[i]) {
                continue;
            }
            for (int a = 0; a < labelled.length; a++) {
                dist[a] = Neighbours.squaredDistance(points[i], points[labelled[a]]);
            }
            int[] nn = Neighbours.nearest(dist, voters);
            java.util.Arrays.fill(votes, 0);
            int best = labels[nn[0]];
            for (int a : nn) {
                votes[labels[a]]++;
            }
            // nn is nearest first, so the first label reaching the top count is the nearest tied.
            for (int a : nn) {
                if (votes[labels[a]] > votes[best]) {
                    best = labels[a];
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** {@code m} distinct indices of {@code 0..n-1}, in increasing order (a seeded shuffle). */
    static int[] draw(int n, int m, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        Random rng = new Random(seed);
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(all, m);
        java.util.Arrays.sort(out);
        return out;
    }

    /** Builds {@link PseudoLabels}; every setting is optional. */
    public static final class Builder {
        private int clusters = 10;
        private Embedding embedding = Embedding.TSNE;
        private int count = 10_000;
        private double perplexity = 30;
        private int iterations = 1000;
        private int vote = 10;
        private int restarts = 10;
        private long seed = 42;

        private Builder() {}

        /**
         * Sets the number of clusters (default 10).
         *
         * @param k at least 2
         * @return this builder
         */
        public Builder optClusters(int k) {
            this.clusters = k;
            return this;
        }

        /**
         * Sets the manifold step (default t-SNE).
         *
         * @param value the embedding
         * @return this builder
         */
        public Builder optEmbedding(Embedding value) {
            this.embedding = value;
            return this;
        }

        /**
         * Sets how many codes are embedded and clustered (default 10,000); the rest are labelled by
         * the vote. The t-SNE costs O(count²) per iteration.
         *
         * @param n at least the cluster count
         * @return this builder
         */
        public Builder optCount(int n) {
            this.count = n;
            return this;
        }

        /**
         * Sets the t-SNE's perplexity (default 30).
         *
         * @param value above 1
         * @return this builder
         */
        public Builder optPerplexity(double value) {
            this.perplexity = value;
            return this;
        }

        /**
         * Sets the t-SNE's gradient steps (default 1000).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder optIterations(int n) {
            this.iterations = n;
            return this;
        }

        /**
         * Sets how many nearest drawn codes vote on each other code's label (default 10).
         *
         * @param k at least 1
         * @return this builder
         */
        public Builder optVote(int k) {
            this.vote = k;
            return this;
        }

        /**
         * Sets the k-means restarts (default 10).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder optRestarts(int n) {
            this.restarts = n;
            return this;
        }

        /**
         * Sets the seed of the draw, the t-SNE and k-means (default 42).
         *
         * @param value the seed
         * @return this builder
         */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the labeller
         * @throws InvalidInputException naming the first bad setting
         */
        public PseudoLabels build() {
            if (clusters < 2) {
                throw new InvalidInputException("clusters: must be at least 2, got " + clusters);
            }
            if (embedding == null) {
                throw new InvalidInputException("embedding: is required");
            }
            if (count < clusters) {
                throw new InvalidInputException(
                        "embed-count: must be at least the "
                                + clusters
                                + " clusters, got "
                                + count);
            }
            if (!(perplexity > 1) || !Double.isFinite(perplexity)) {
                throw new InvalidInputException(
                        "perplexity: must be a number above 1, got " + perplexity);
            }
            if (iterations < 1 || vote < 1 || restarts < 1) {
                throw new InvalidInputException(
                        "pseudo-labels: iterations, vote and restarts must be at least 1, got "
                                + iterations
                                + ", "
                                + vote
                                + ", "
                                + restarts);
            }
            return new PseudoLabels(this);
        }
    }
}
