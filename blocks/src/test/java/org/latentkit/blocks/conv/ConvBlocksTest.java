package org.latentkit.blocks.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.semisup.FeatureClassifier;
import org.latentkit.core.InvalidInputException;

/**
 * The conv encoder, decoder, autoencoder, the transposed convolution and the feature classifier.
 */
class ConvBlocksTest {

    private static final Shape BATCH = new Shape(2, 1, 28, 28);

    @Test
    void givenOnesKernelWhenUpConvOfOnesThenOutputIsTransposedConvolutionByHand() {
        UpConv2d up = new UpConv2d(1);
        try (Model model = Model.newInstance("t", "PyTorch")) {
            model.setBlock(up);
            NDManager m = model.getNDManager();
            up.initialize(m, DataType.FLOAT32, new Shape(1, 1, 2, 2));
            for (Pair<String, Parameter> p : up.getParameters()) {
                NDArray a = p.getValue().getArray();
                a.set(
                        p.getKey().endsWith("weight")
                                ? a.onesLike().toFloatArray()
                                : a.zerosLike().toFloatArray());
            }
            NDArray y =
                    up.forward(
                                    new ParameterStore(m, false),
                                    new NDList(m.ones(new Shape(1, 1, 2, 2))),
                                    false)
                            .head();
            assertEquals(new Shape(1, 1, 4, 4), y.getShape());
            // ConvTranspose(k=4, s=2, p=1) of a length-2 row of ones with a ones kernel: output o
            // receives
            // input i through kernel tap k = o + 1 − 2i, valid for k in 0..3: o=0 ← i=0; o=1 ←
            // i=0,1;
            // o=2 ← i=0,1; o=3 ← i=1. Profile [1, 2, 2, 1]; in 2-D the outer product of it with
            // itself.
            float[] expected = {1, 2, 2, 1, 2, 4, 4, 2, 2, 4, 4, 2, 1, 2, 2, 1};
            assertArrayEquals(expected, y.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void givenConvAutoencoderWhenForwardThenReconstructionIsPixelsAndCodeIsLatent() {
        ConvAutoencoder ae = ConvAutoencoder.create(20);
        try (Model model = Model.newInstance("t", "PyTorch")) {
            model.setBlock(ae);
            NDManager m = model.getNDManager();
            ae.initialize(m, DataType.FLOAT32, BATCH);
            NDList out =
                    ae.forward(
                            new ParameterStore(m, false),
                            new NDList(m.randomUniform(0f, 1f, BATCH)),
                            false);
            assertEquals(BATCH, out.get(ConvAutoencoder.RECONSTRUCTION).getShape());
            assertEquals(new Shape(2, 20), out.get(ConvAutoencoder.CODE).getShape());
            NDArray r = out.get(ConvAutoencoder.RECONSTRUCTION);
            assertTrue(
                    r.min().getFloat() > 0f && r.max().getFloat() < 1f,
                    "sigmoid outputs lie in (0, 1)");
            assertArrayEquals(
                    ae.getOutputShapes(new Shape[] {BATCH}), new Shape[] {BATCH, new Shape(2, 20)});
        }
    }

    @Test
    void givenSavedConvAutoencoderWhenRebuiltFromDescriptorThenSameOutputs() throws Exception {
        ConvAutoencoder ae = ConvAutoencoder.create(8);
        try (Model model = Model.newInstance("t", "PyTorch")) {
            model.setBlock(ae);
            NDManager m = model.getNDManager();
            ae.initialize(m, DataType.FLOAT32, BATCH);
            NDArray x = m.randomUniform(0f, 1f, BATCH);
            NDArray code =
                    ae.forward(new ParameterStore(m, false), new NDList(x), false)
                            .get(ConvAutoencoder.CODE);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ae.saveParameters(new DataOutputStream(bytes));
            BlockDescriptor d = ae.descriptor();
            assertEquals("conv-autoencoder", d.architecture());
            ConvAutoencoder again = (ConvAutoencoder) d.build();
            again.loadParameters(
                    m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            NDArray code2 =
                    again.forward(new ParameterStore(m, false), new NDList(x), false)
                            .get(ConvAutoencoder.CODE);
            assertArrayEquals(code.toFloatArray(), code2.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void givenConvVaeWhenForwardThenVaeOutputsAndMeanEncoderGivesMu() throws Exception {
        org.latentkit.blocks.vae.VaeExpert vae = ConvVae.create(6);
        try (Model model = Model.newInstance("t", "PyTorch")) {
            model.setBlock(vae);
            NDManager m = model.getNDManager();
            vae.initialize(m, DataType.FLOAT32, BATCH);
            NDArray x = m.randomUniform(0f, 1f, BATCH);
            NDList out = vae.forward(new ParameterStore(m, false), new NDList(x), false);
            assertEquals(BATCH, out.get(0).getShape());
            assertEquals(new Shape(2, 6), out.get(1).getShape());
            NDArray mu =
                    ConvVae.meanEncoder(vae)
                            .forward(new ParameterStore(m, false), new NDList(x), false)
                            .head();
            assertArrayEquals(out.get(1).toFloatArray(), mu.toFloatArray(), 1e-6f);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            vae.saveParameters(new DataOutputStream(bytes));
            BlockDescriptor d = ConvVae.descriptor(6);
            org.latentkit.blocks.vae.VaeExpert again =
                    (org.latentkit.blocks.vae.VaeExpert) d.build();
            again.loadParameters(
                    m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            NDArray mu2 = again.forward(new ParameterStore(m, false), new NDList(x), false).get(1);
            assertArrayEquals(mu.toFloatArray(), mu2.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void givenFrozenFeaturesWhenClassifierLearnsThenOnlyTheHeadGetsGradients() {
        ConvEncoder encoder =
                ConvEncoder.builder().optLatent(6).optChannels(4, 8).optHidden(16).build();
        FeatureClassifier c =
                FeatureClassifier.builder().setFeatures(encoder).optHidden(5).optClasses(3).build();
        try (Model model = Model.newInstance("t", "PyTorch")) {
            model.setBlock(c);
            NDManager m = model.getNDManager();
            c.initialize(m, DataType.FLOAT32, BATCH);
            for (Pair<String, Parameter> p : encoder.getParameters()) {
                assertFalse(p.getValue().requiresGradient(), p.getKey() + " is frozen");
            }
            try (GradientCollector g = m.getEngine().newGradientCollector()) {
                NDArray logits =
                        c.forward(new ParameterStore(m, false), new NDList(m.ones(BATCH)), true)
                                .head();
                assertEquals(new Shape(2, 3), logits.getShape());
                g.backward(logits.sum());
            }
            long headWithGradient =
                    c.getParameters().stream()
                            .filter(p -> p.getValue().requiresGradient())
                            .filter(
                                    p ->
                                            p.getValue()
                                                            .getArray()
                                                            .getGradient()
                                                            .abs()
                                                            .sum()
                                                            .getFloat()
                                                    > 0)
                            .count();
            assertTrue(headWithGradient > 0, "the head learns");
        }
    }

    @Test
    void givenStandardizationWhenForwardThenFeaturesAreShiftedAndScaledBeforeTheHead() {
        // Identity-like check: with flatten as the features, a constant input of 3 and μ = 1, σ =
        // 2, the
        // head sees (3 − 1) / 2 = 1 everywhere, exactly what it sees for an unstandardised input of
        // 1.
        float[] mu = new float[4];
        float[] sigma = new float[4];
        java.util.Arrays.fill(mu, 1f);
        java.util.Arrays.fill(sigma, 2f);
        FeatureClassifier std =
                FeatureClassifier.builder()
                        .setFeatures(Blocks.batchFlattenBlock())
                        .optHidden(3)
                        .optClasses(2)
                        .optStandardization(mu, sigma)
                        .build();
        FeatureClassifier raw =
                FeatureClassifier.builder()
                        .setFeatures(Blocks.batchFlattenBlock())
                        .optHidden(3)
                        .optClasses(2)
                        .build();
        Shape in = new Shape(1, 1, 2, 2);
        try (Model model = Model.newInstance("t", "PyTorch")) {
            NDManager m = model.getNDManager();
            std.initialize(m, DataType.FLOAT32, in);
            raw.initialize(m, DataType.FLOAT32, in);
            for (int i = 0; i < std.getParameters().size(); i++) {
                NDArray src = std.getParameters().get(i).getValue().getArray();
                raw.getParameters().get(i).getValue().getArray().set(src.toFloatArray());
            }
            float[] a =
                    std.forward(new ParameterStore(m, false), new NDList(m.full(in, 3f)), false)
                            .head()
                            .toFloatArray();
            float[] b =
                    raw.forward(new ParameterStore(m, false), new NDList(m.ones(in)), false)
                            .head()
                            .toFloatArray();
            assertArrayEquals(b, a, 1e-5f);
        }
        assertThrows(
                InvalidInputException.class,
                () ->
                        FeatureClassifier.builder()
                                .setFeatures(Blocks.batchFlattenBlock())
                                .optStandardization(new float[] {0}, new float[] {0})
                                .build());
        assertThrows(InvalidInputException.class, () -> ConvEncoder.builder().optLatent(0).build());
        assertThrows(
                InvalidInputException.class,
                () -> ConvDecoder.builder().optNegativeSlope(1f).build());
    }
}
