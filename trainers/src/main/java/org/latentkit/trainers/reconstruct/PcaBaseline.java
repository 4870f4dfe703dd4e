package org.latentkit.trainers.reconstruct;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;

/**
 * Principal component analysis as a reconstruction baseline (seed 001's {@code pca_digits}): how
 * well {@code k} linear components reconstruct held-out images.
 *
 * <p>With training images {@code X} (n × D, pixels in [0, 1]), mean {@code μ} and covariance {@code
 * C = (X − μ)ᵀ(X − μ) / n}, the components {@code v_1..v_D} are the eigenvectors of {@code C} by
 * decreasing eigenvalue. A test image is reconstructed as {@code x̂ = μ + V_k V_kᵀ (x − μ)} with
 * {@code V_k = [v_1..v_k]}, and its error is the per-pixel MSE {@code Σ_j (x_j − x̂_j)² / D}, the
 * same measure as the autoencoders'.
 *
 * <p>The covariance (the expensive n·D² part) is computed on the DJL engine; DJL has no
 * eigensolver, so the D × D symmetric eigendecomposition uses EJML (double precision).
 *
 * @param mean {@code μ}, D values
 * @param eigenvalues eigenvalues of {@code C}, decreasing
 * @param components the unit eigenvectors, {@code components[i]} belonging to {@code
 *     eigenvalues[i]}
 */
public record PcaBaseline(float[] mean, double[] eigenvalues, double[][] components) {

    /**
     * One point of the reconstruction curve.
     *
     * @param components k
     * @param testMse mean per-image MSE on the test set
     * @param explainedVariance fraction of the training variance the k components hold
     */
    public record Point(int components, double testMse, double explainedVariance) {}

    /**
     * Fits PCA on a training set.
     *
     * @param manager an engine manager for the covariance product
     * @param train the training images
     * @param norm their normalisation
     * @return the fitted components
     */
    public static PcaBaseline fit(NDManager manager, DigitSet train, Normalization norm) {
        int n = train.size();
        int d = train.features();
        double[] cov;
        float[] mean;
        try (NDManager m = manager.newSubManager()) {
            NDArray x = train.images(m, null, 0, n, norm).reshape(n, d);
            NDArray mu = x.mean(new int[] {0});
            NDArray xc = x.sub(mu);
            cov =
                    Scalars.div(xc.transpose().matMul(xc), (float) n)
                            .toType(DataType.FLOAT64, false)
                            .toDoubleArray();
            mean = mu.toFloatArray();
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(new DMatrixRMaj(d, d, true, cov))) {
            throw new IllegalStateException("PCA: the eigendecomposition did not converge");
        }
        Integer[] order = new Integer[d];
        double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
            values[i] = eig.getEigenvalue(i).getReal();
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> values[i]).reversed());
        double[] sorted = new double[d];
        double[][] vectors = new double[d][];
        for (int r = 0; r < d; r++) {
            sorted[r] = Math.max(0, values[order[r]]);
            vectors[r] = eig.getEigenVector(order[r]).getData().clone();
        }
        return new PcaBaseline(mean, sorted, vectors);
    }

    /**
     * Reconstructs a test set with k = each of {@code ks} components.
     *
     * @param manager an engine manager
     * @param test the test images
     * @param norm their normalisation
     * @param ks component counts, each between 1 and D
     * @return one point per count, in order
     */
    public List<Point> curve(NDManager manager, DigitSet test, Normalization norm, int[] ks) {
        int d = mean.length;
        for (int k : ks) {
            if (k < 1 || k > d) {
                throw new InvalidInputException("components: " + k + " is outside 1.." + d);
            }
        }
        double total = Arrays.stream(eigenvalues).sum();
        List<Point> points = new ArrayList<>();
        try (NDManager m = manager.newSubManager()) {
            int n = test.size();
            NDArray xc = test.images(m, null, 0, n, norm).reshape(n, d).sub(m.create(mean));
            for (int k : ks) {
                try (NDManager step = m.newSubManager()) {
                    NDArray v = basis(step, k);
                    NDArray rec = xc.matMul(v).matMul(v.transpose());
                    double mse = xc.sub(rec).square().mean().getFloat();
                    double explained = 0;
                    for (int i = 0; i < k; i++) {
                        explained += eigenvalues[i];
                    }
                    points.add(new Point(k, mse, total > 0 ? explained / total : 0));
                }
            }
        }
        return points;
    }

    private NDArray basis(NDManager m, int k) {
        int d = mean.length;
        float[] buf = new float[d * k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                buf[j * k + c] = (float) components[c][j];
            }
        }
        return m.create(buf, new Shape(d, k));
    }
}
