package org.latentkit.blocks.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.core.InvalidInputException;

/** VAE expert, gating manager and the batched mixture, on both engines. */
class VaeBlocksTest {

    private static final Shape IMAGES = new Shape(4, 1, 28, 28);

    private static NDArray images(NDManager m) {
        return m.randomUniform(0f, 1f, IMAGES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenDenseVaeWhenForwardThenShapesMatchAndParameterCountIsThePyTorchExamples(
            String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            VaeExpert vae = VaeExpert.builder().setLatent(20).optLayers(400).build();
            vae.initialize(m, DataType.FLOAT32, IMAGES);
            NDList out = vae.forward(new ParameterStore(m, false), new NDList(images(m)), false);
            Shape[] expected = vae.getOutputShapes(new Shape[] {IMAGES});
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[i], out.get(i).getShape());
            }
            // 784·400+400 + 2·(400·20+20) + 20·400+400 + 400·784+784 = 314,000 + 16,040 + 8,400 +
            // 314,384
            long params =
                    vae.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            assertEquals(652_824L, params);
            float min = out.get(VaeExpert.RECONSTRUCTION).min().getFloat();
            float max = out.get(VaeExpert.RECONSTRUCTION).max().getFloat();
            assertTrue(min > 0 && max < 1, "sigmoid outputs " + min + ".." + max);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenInferenceWhenForwardTwiceThenIdenticalAndTrainingSamples(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            VaeExpert vae = VaeExpert.builder().setLatent(5).optLayers(32).build();
            vae.initialize(m, DataType.FLOAT32, IMAGES);
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = images(m);
            NDArray a = vae.forward(store, new NDList(x), false).get(VaeExpert.RECONSTRUCTION);
            NDArray b = vae.forward(store, new NDList(x), false).get(VaeExpert.RECONSTRUCTION);
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
            // At inference the code is mu: decode(mu) is exactly the reconstruction.
            NDArray mu = vae.encode(store, x, false).get(0);
            assertArrayEquals(a.toFloatArray(), vae.decode(store, mu, false).toFloatArray(), 1e-6f);
            // Training draws eps ~ N(0, I): the reconstruction moves (logvar ≈ 0 at init, so sigma
            // ≈ 1).
            NDArray t = vae.forward(store, new NDList(x), true).get(VaeExpert.RECONSTRUCTION);
            assertTrue(t.sub(a).abs().max().getFloat() > 1e-4f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenThreeTrainingSamplesWhenForwardThenSampleMajorCodesAndInferenceUnchanged(
            String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            VaeExpert vae =
                    VaeExpert.builder().setLatent(5).optLayers(32).optTrainingSamples(3).build();
            vae.initialize(m, DataType.FLOAT32, IMAGES);
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = images(m);
            NDList t = vae.forward(store, new NDList(x), true);
            assertEquals(new Shape(3, 4, 784), t.get(VaeExpert.RECONSTRUCTION).getShape());
            assertEquals(new Shape(4, 5), t.get(VaeExpert.MU).getShape());
            assertEquals(new Shape(4, 5), t.get(VaeExpert.LOGVAR).getShape());
            // Each sample draws its own ε: the three reconstructions of an image differ.
            NDArray r = t.get(VaeExpert.RECONSTRUCTION);
            assertTrue(r.get(0).sub(r.get(1)).abs().max().getFloat() > 1e-4f);
            assertTrue(r.get(1).sub(r.get(2)).abs().max().getFloat() > 1e-4f);
            // At inference the setting does nothing: the input's shape, and decode(μ).
            NDArray a = vae.forward(store, new NDList(x), false).get(VaeExpert.RECONSTRUCTION);
            assertEquals(IMAGES, a.getShape());
            NDArray mu = vae.encode(store, x, false).get(0);
            assertArrayEquals(a.toFloatArray(), vae.decode(store, mu, false).toFloatArray(), 1e-6f);
            assertThrows(
                    InvalidInputException.class,
                    () -> VaeExpert.builder().setLatent(5).optTrainingSamples(0).build());
        }
    }

    @Test
    void givenCustomEncoderAndDecoderBodiesWhenForwardThenHeadsAndSigmoidAreAdded() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            SequentialBlock enc =
                    new SequentialBlock()
                            .add(ai.djl.nn.Blocks.batchFlattenBlock())
                            .add(Linear.builder().setUnits(16).build());
            SequentialBlock dec =
                    new SequentialBlock()
                            .add(Linear.builder().setUnits(784).build())
                            .add(x -> new NDList(x.head().reshape(-1, 1, 28, 28)));
            VaeExpert vae =
                    VaeExpert.builder().setLatent(3).optEncoder(enc).optDecoder(dec).build();
            vae.initialize(m, DataType.FLOAT32, IMAGES);
            NDList out = vae.forward(new ParameterStore(m, false), new NDList(images(m)), false);
            assertEquals(IMAGES, out.get(VaeExpert.RECONSTRUCTION).getShape());
            assertEquals(new Shape(4, 3), out.get(VaeExpert.MU).getShape());
            assertThrows(InvalidInputException.class, vae::descriptor);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenManagerWhenForwardThenRowsAreProbabilities(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            GatingManager g = GatingManager.builder().setExperts(3).optLayers(8).build();
            g.initialize(m, DataType.FLOAT32, IMAGES);
            NDArray p =
                    g.forward(new ParameterStore(m, false), new NDList(images(m)), false).head();
            assertEquals(new Shape(4, 3), p.getShape());
            assertArrayEquals(new float[] {1, 1, 1, 1}, p.sum(new int[] {1}).toFloatArray(), 1e-5f);
        }
    }

    private static MixtureOfVaeExperts mixture(MixtureOfVaeExperts.Evaluation mode) {
        return MixtureOfVaeExperts.builder()
                .setExperts(3)
                .setLatent(4)
                .optLayers(16, 8)
                .optActivation(ActivationKind.SIGMOID)
                .optManagerLayers(8)
                .optEvaluation(mode)
                .build();
    }

    /** Copies every parameter of {@code from} into {@code to} (same structure). */
    private static void copy(MixtureOfVaeExperts from, MixtureOfVaeExperts to) {
        var src = from.getParameters();
        var dst = to.getParameters();
        for (int i = 0; i < src.size(); i++) {
            Pair<String, Parameter> s = src.get(i);
            assertEquals(s.getKey(), dst.get(i).getKey());
            dst.get(i).getValue().getArray().set(s.getValue().getArray().toFloatArray());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenSameWeightsWhenBatchedAndLoopedThenOutputsAndGradientsAreEqual(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            MixtureOfVaeExperts batched = mixture(MixtureOfVaeExperts.Evaluation.BATCHED);
            MixtureOfVaeExperts looped = mixture(MixtureOfVaeExperts.Evaluation.LOOPED);
            batched.initialize(m, DataType.FLOAT32, IMAGES);
            looped.initialize(m, DataType.FLOAT32, IMAGES);
            copy(batched, looped);
            NDArray x = images(m);
            NDList a = batched.forward(new ParameterStore(m, false), new NDList(x), false);
            NDList b = looped.forward(new ParameterStore(m, false), new NDList(x), false);
            Shape[] expected = batched.getOutputShapes(new Shape[] {IMAGES});
            for (int i = 0; i < 4; i++) {
                assertEquals(expected[i], a.get(i).getShape());
                assertArrayEquals(
                        a.get(i).toFloatArray(), b.get(i).toFloatArray(), 1e-6f, "output " + i);
            }
            float[] ga = gradient(batched, x, engine);
            float[] gb = gradient(looped, x, engine);
            assertArrayEquals(ga, gb, 1e-5f);
        }
    }

    /**
     * The gradient of Σ reconstructions w.r.t. the first encoder weight, checking every parameter
     * gets one.
     */
    private static float[] gradient(MixtureOfVaeExperts mix, NDArray x, String engine) {
        for (Pair<String, Parameter> p : mix.getParameters()) {
            p.getValue().getArray().setRequiresGradient(true);
        }
        try (GradientCollector c = Engine.getEngine(engine).newGradientCollector()) {
            NDList out =
                    mix.forward(new ParameterStore(x.getManager(), false), new NDList(x), false);
            c.backward(
                    out.get(MixtureOfVaeExperts.RECONSTRUCTIONS)
                            .sum()
                            .add(out.get(MixtureOfVaeExperts.PROBABILITIES).square().sum()));
        }
        for (Pair<String, Parameter> p : mix.getParameters()) {
            if (p.getKey().startsWith("logvar")) {
                continue; // at inference z = mu: the log-variance head gets no gradient from this
                // output
            }
            assertTrue(
                    p.getValue().getArray().getGradient().abs().sum().getFloat() > 0, p.getKey());
        }
        return mix.getParameters().get("enc0_weight").getArray().getGradient().toFloatArray();
    }

    @Test
    void givenStackedWeightsWhenCopiedIntoStandaloneExpertsThenEachExpertMatchesItsSlice() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            MixtureOfVaeExperts mix =
                    MixtureOfVaeExperts.builder()
                            .setExperts(2)
                            .setLatent(3)
                            .optLayers(8)
                            .optActivation(ActivationKind.RELU)
                            .optManagerLayers(4)
                            .build();
            mix.initialize(m, DataType.FLOAT32, IMAGES);
            NDArray x = images(m);
            NDArray recon =
                    mix.forward(new ParameterStore(m, false), new NDList(x), false)
                            .get(MixtureOfVaeExperts.RECONSTRUCTIONS);
            for (int k = 0; k < 2; k++) {
                VaeExpert vae = VaeExpert.builder().setLatent(3).optLayers(8).build();
                vae.initialize(m, DataType.FLOAT32, IMAGES);
                // Children: 01encoder (flatten, linear, relu), 02mu, 03logvar, 04decoder (linear,
                // relu, linear).
                var p = vae.getParameters();
                setLinear(
                        p.get("01encoder_02Linear_weight"),
                        p.get("01encoder_02Linear_bias"),
                        mix,
                        "enc0",
                        k);
                setLinear(p.get("02mu_weight"), p.get("02mu_bias"), mix, "mu", k);
                setLinear(p.get("03logvar_weight"), p.get("03logvar_bias"), mix, "logvar", k);
                setLinear(
                        p.get("04decoder_01Linear_weight"),
                        p.get("04decoder_01Linear_bias"),
                        mix,
                        "dec0",
                        k);
                setLinear(
                        p.get("04decoder_03Linear_weight"),
                        p.get("04decoder_03Linear_bias"),
                        mix,
                        "out",
                        k);
                NDArray mine =
                        vae.forward(new ParameterStore(m, false), new NDList(x), false)
                                .head()
                                .reshape(4, 784);
                assertArrayEquals(
                        recon.get(k).toFloatArray(), mine.toFloatArray(), 1e-5f, "expert " + k);
            }
        }
    }

    private static void setLinear(
            Parameter w, Parameter b, MixtureOfVaeExperts mix, String name, int k) {
        assertNotNull(w, name);
        // Linear keeps (out, in); the stack keeps (K, in, out).
        w.getArray()
                .set(
                        mix.getParameters()
                                .get(name + "_weight")
                                .getArray()
                                .get(k)
                                .transpose()
                                .toFloatArray());
        b.getArray().set(mix.getParameters().get(name + "_bias").getArray().get(k).toFloatArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenSavedMixtureWhenReloadedFromDescriptorThenSameSamplesUnderSameSeed(
            String engine, @TempDir Path dir) throws Exception {
        MixtureOfVaeExperts mix = mixture(MixtureOfVaeExperts.Evaluation.BATCHED);
        BlockDescriptor d = mix.descriptor();
        float[] before;
        try (Model model = Model.newInstance("m", engine)) {
            model.setBlock(mix);
            mix.initialize(model.getNDManager(), DataType.FLOAT32, d.inputShape(2));
            Engine.getEngine(engine).setRandomSeed(7);
            before =
                    mix.sample(
                                    new ParameterStore(model.getNDManager(), false),
                                    model.getNDManager(),
                                    3)
                            .toFloatArray();
            model.save(dir, "m");
        }
        try (Model model = Model.newInstance("m", engine)) {
            model.setBlock(d.build());
            model.load(dir, "m");
            MixtureOfVaeExperts again = (MixtureOfVaeExperts) model.getBlock();
            Engine.getEngine(engine).setRandomSeed(7);
            float[] after =
                    again.sample(
                                    new ParameterStore(model.getNDManager(), false),
                                    model.getNDManager(),
                                    3)
                            .toFloatArray();
            assertEquals(3 * 3 * 784, after.length);
            assertArrayEquals(before, after, 0f);
        }
    }

    @Test
    void givenRunawayLogvarBiasWhenForwardThenLogvarIsClippedAndTrainingStaysFinite() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            MixtureOfVaeExperts mix = mixture(MixtureOfVaeExperts.Evaluation.BATCHED);
            mix.initialize(m, DataType.FLOAT32, IMAGES);
            mix.getParameters().get("logvar_bias").getArray().set(new float[3 * 4]);
            mix.getParameters().get("logvar_bias").getArray().addi(500f);
            NDList out = mix.forward(new ParameterStore(m, false), new NDList(images(m)), true);
            // exp(500 / 2) would overflow float; the clip holds log σ² at 20.
            assertEquals(
                    MixtureOfVaeExperts.LOGVAR_LIMIT,
                    out.get(MixtureOfVaeExperts.LOGVAR).min().getFloat(),
                    1e-3f);
            assertTrue(
                    Float.isFinite(out.get(MixtureOfVaeExperts.RECONSTRUCTIONS).sum().getFloat()));
        }
    }

    @Test
    void givenOneExpertWhenBuildThenInvalidInput() {
        MixtureOfVaeExperts.Builder b = MixtureOfVaeExperts.builder().setExperts(1).setLatent(2);
        assertThrows(InvalidInputException.class, b::build);
    }
}
