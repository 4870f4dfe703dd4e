package org.latentkit.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentkit.core.nd.Scalars;

/**
 * The losses' lean formulations (fewer passes over the values) equal the textbook ones, in value
 * and in gradient: bit for bit for the Bernoulli likelihood, the KL term, the sums of squares and
 * the MSE's mean, so that no documented result moves; to float rounding for the Gaussian
 * likelihood, whose scale and constant go on the per-image sums (the original mixture's results
 * stayed the same to every printed digit).
 */
class LeanFormulationsTest {

    private static final int K = 3;
    private static final int N = 4;
    private static final int D = 50;

    /** {@code Σ_j −[x log c + (−x + 1) log(−c + 1)]}, negated per value, as the losses had it. */
    private static NDArray textbookBce(NDArray x, NDArray p) {
        NDArray c = p.clip(Bernoulli.EPS, 1f - Bernoulli.EPS);
        return x.mul(c.log())
                .add(x.neg().add(1f).mul(c.neg().add(1f).log()))
                .neg()
                .sum(new int[] {-1});
    }

    /** {@code Σ_j [(x − x̂)²/(2σ²) + log σ + ½ log 2π]} with {@code square()}, σ = 0.3. */
    private static NDArray textbookGaussian(NDArray x, NDArray r) {
        float sigma = 0.3f;
        return Scalars.div(x.sub(r).square(), 2f * sigma * sigma)
                .add((float) (Math.log(sigma) + 0.5 * Math.log(2 * Math.PI)))
                .sum(new int[] {-1});
    }

    private static NDArray elbo(ElboLoss.Likelihood kind, NDArray x, NDArray r) {
        return ElboLoss.builder().optLikelihood(kind).optSigma(0.3f).build().reconstruction(x, r);
    }

    /** Values and the gradient with respect to the second argument, summed over the output. */
    private static float[][] run(String engine, BinaryOperator<NDArray> f, boolean probabilities) {
        Random r = new Random(7);
        float[] xs = new float[N * D];
        float[] ys = new float[K * N * D];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i % 10 == 0 ? 0f : i % 10 == 1 ? 1f : r.nextFloat();
        }
        for (int i = 0; i < ys.length; i++) {
            // for probabilities: the clip's edges and beyond, and values in between
            ys[i] =
                    !probabilities
                            ? (float) r.nextGaussian()
                            : i % 17 == 0
                                    ? 0f
                                    : i % 17 == 1 ? 1f : i % 17 == 2 ? 1e-9f : r.nextFloat();
        }
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDArray x = m.create(xs, new Shape(N, D));
            NDArray y = m.create(ys, new Shape(K, N, D));
            y.setRequiresGradient(true);
            try (GradientCollector c = Engine.getEngine(engine).newGradientCollector()) {
                NDArray v = f.apply(x, y);
                c.backward(v.sum());
                return new float[][] {v.toFloatArray(), y.getGradient().toFloatArray()};
            }
        }
    }

    private static void assertSameBits(float[][] expected, float[][] actual) {
        assertArrayEquals(expected[0], actual[0], 0f);
        assertArrayEquals(expected[1], actual[1], 0f);
        // not a vacuous match: finite values and a gradient that is not all zero
        double norm = 0;
        for (float g : actual[1]) {
            norm += Math.abs(g);
        }
        assertTrue(norm > 1, "gradient L1 norm " + norm);
        for (float v : actual[0]) {
            assertTrue(Float.isFinite(v) && v != 0f, "value " + v);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenProbabilitiesIncludingTheClipEdgesWhenBernoulliThenTextbookBitsExactly(
            String engine) {
        float[][] expected = run(engine, LeanFormulationsTest::textbookBce, true);
        assertSameBits(
                expected,
                run(
                        engine,
                        (x, p) -> Bernoulli.logLikelihood(x, p).sum(new int[] {-1}).neg(),
                        true));
        assertSameBits(
                expected, run(engine, (x, p) -> elbo(ElboLoss.Likelihood.BERNOULLI, x, p), true));
        assertSameBits(
                expected,
                run(
                        engine,
                        (x, p) ->
                                ReconstructionLoss.builder()
                                        .optKind(ReconstructionLoss.Kind.BCE)
                                        .optReduction(ReconstructionLoss.Reduction.SUM)
                                        .build()
                                        .perImage(
                                                x.broadcast(K, N, D).reshape(K * N, D),
                                                p.reshape(K * N, D))
                                        .reshape(K, N),
                        true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenResidualsWhenSquaredErrorSumThenDdSumBitsExactly(String engine) {
        // 2h − sg(h) with h = Σ d·sg(d): the value and the gradient of Σ d·d, per image and in all
        BinaryOperator<NDArray> residual = (x, y) -> y.sub(x.broadcast(K, N, D));
        assertSameBits(
                run(
                        engine,
                        (x, y) -> {
                            NDArray d = residual.apply(x, y);
                            return d.mul(d).sum(new int[] {-1});
                        },
                        false),
                run(engine, (x, y) -> SquaredError.sum(residual.apply(x, y), -1), false));
        assertSameBits(
                run(
                        engine,
                        (x, y) -> {
                            NDArray d = residual.apply(x, y);
                            return d.mul(d).sum().reshape(1);
                        },
                        false),
                run(engine, (x, y) -> SquaredError.sum(residual.apply(x, y)).reshape(1), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenReconstructionsWhenMseOrBceMeanThenTheMeansBitsExactly(String engine) {
        // The loss takes its mean as a sum divided by the count, whose backward broadcasts
        // 1/count instead of writing it out per value: the same bits as mean(), both ways.
        BinaryOperator<NDArray> textbook =
                (x, p) -> {
                    NDArray d = p.reshape(K * N, D).sub(x.broadcast(K, N, D).reshape(K * N, D));
                    return d.mul(d).mean().reshape(1);
                };
        BinaryOperator<NDArray> lean =
                (x, p) ->
                        ReconstructionLoss.mse()
                                .evaluate(
                                        new NDList(x.broadcast(K, N, D).reshape(K * N, D)),
                                        new NDList(p.reshape(K * N, D)))
                                .reshape(1);
        assertSameBits(run(engine, textbook, false), run(engine, lean, false));
        // BCE's mean takes the same route: −(Σ ℓ)/count against −mean(ℓ)
        BinaryOperator<NDArray> bceMean =
                (x, p) ->
                        Bernoulli.logLikelihood(
                                        x.broadcast(K, N, D).reshape(K * N, D), p.reshape(K * N, D))
                                .mean()
                                .neg()
                                .reshape(1);
        BinaryOperator<NDArray> bce =
                (x, p) ->
                        ReconstructionLoss.builder()
                                .optKind(ReconstructionLoss.Kind.BCE)
                                .build()
                                .evaluate(
                                        new NDList(x.broadcast(K, N, D).reshape(K * N, D)),
                                        new NDList(p.reshape(K * N, D)))
                                .reshape(1);
        assertSameBits(run(engine, bceMean, true), run(engine, bce, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenReconstructionsWhenGaussianThenTextbookToFloatRounding(String engine) {
        float[][] expected = run(engine, LeanFormulationsTest::textbookGaussian, false);
        float[][] actual = run(engine, (x, r) -> elbo(ElboLoss.Likelihood.GAUSSIAN, x, r), false);
        for (int k = 0; k < 2; k++) {
            assertEquals(expected[k].length, actual[k].length);
            for (int i = 0; i < expected[k].length; i++) {
                // a few units in the last place of values near 400, and of the gradients
                assertEquals(
                        expected[k][i],
                        actual[k][i],
                        1e-6f * Math.max(1f, Math.abs(expected[k][i])),
                        (k == 0 ? "value " : "gradient ") + i);
            }
        }
        assertTrue(Math.abs(actual[1][0]) > 0 && Float.isFinite(actual[0][0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenMeansWhenKlThenTextbookBitsExactly(String engine) {
        // kl(μ, log σ²) with μ the differentiated argument; log σ² from the first argument
        BinaryOperator<NDArray> textbook =
                (lv, mu) ->
                        Scalars.mul(
                                lv.add(1f).sub(mu.square()).sub(lv.exp()).sum(new int[] {-1}),
                                -0.5f);
        assertSameBits(
                run(engine, textbook, false), run(engine, (lv, mu) -> ElboLoss.kl(mu, lv), false));
    }
}
