package org.latentkit.blocks.autoencoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
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
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.core.InvalidInputException;

/** Shapes, encode/decode consistency, gradients and save/reload of the autoencoders. */
class AutoencodersTest {

    private static final Shape BATCH = new Shape(3, 1, 28, 28);

    @Test
    void givenDenseAutoencoderWhenForwardThenShapesMatchAndForwardIsDecodeOfEncode()
            throws Exception {
        DenseAutoencoder ae = DenseAutoencoder.builder().setLayers(32, 8).build();
        try (Model model = Model.newInstance("t", "PyTorch")) {
            model.setBlock(ae);
            NDManager m = model.getNDManager();
            ae.initialize(m, DataType.FLOAT32, BATCH);
            NDArray x = m.randomUniform(0f, 1f, BATCH);
            ParameterStore ps = new ParameterStore(m, false);
            NDList out = ae.forward(ps, new NDList(x), false);
            Shape[] expected = ae.getOutputShapes(new Shape[] {BATCH});
            assertEquals(
                    expected[DenseAutoencoder.RECONSTRUCTION],
                    out.get(DenseAutoencoder.RECONSTRUCTION).getShape());
            assertEquals(new Shape(3, 8), out.get(DenseAutoencoder.CODE).getShape());
            assertEquals(
                    expected[DenseAutoencoder.CODE], out.get(DenseAutoencoder.CODE).getShape());
            NDArray code = ae.encode(ps, x, false);
            assertArrayEquals(
                    out.get(DenseAutoencoder.CODE).toFloatArray(), code.toFloatArray(), 1e-6f);
            NDArray recon = ae.decode(ps, code, false);
            assertEquals(new Shape(3, 784), recon.getShape());
            assertArrayEquals(out.head().toFloatArray(), recon.toFloatArray(), 1e-6f);
            float[] r = recon.toFloatArray();
            for (float v : r) {
                assertTrue(v > 0 && v < 1, "sigmoid output in (0, 1), got " + v);
            }
            // 784·32+32 + 32·8+8 + 8·32+32 + 32·784+784 = 25,120 + 264 + 288 + 25,872 = 51,544
            assertEquals(51_544, countParameters(ae));
            assertGradientsReachEveryParameter(ae, m, x, DenseAutoencoder.RECONSTRUCTION);
            assertSameAfterReload(ae, ae.descriptor(), x);
        }
    }

    /**
     * Seed 001's published figure is from a 784-64-784 model: weights 784·64 + 64·784 = 100,352 and
     * biases 64 + 784, 101,200 in all, in exactly two dense layers (encoder 784→64, decoder
     * 64→784). The 256-64 model mirrors 784-256-64-256-784: 435,536.
     */
    @Test
    void givenSeedsDenseArchitecturesWhenInitialisedThenParameterCountsAreExact() {
        assertEquals(101_200, parameterCount(DenseAutoencoder.builder().setLayers(64).build()));
        assertEquals(
                101_200,
                parameterCount(
                        DenseAutoencoder.builder()
                                .setLayers(64)
                                .optCodeActivation(ActivationKind.RELU)
                                .build()));
        assertEquals(
                784 * 256 + 256 + 256 * 64 + 64 + 64 * 256 + 256 + 256 * 784 + 784,
                parameterCount(DenseAutoencoder.builder().setLayers(256, 64).build()));
    }

    private static long parameterCount(Block block) {
        try (Model model = Model.newInstance("t", "PyTorch")) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, BATCH);
            long n = 0;
            int weights = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                n += p.getValue().getArray().size();
                if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                    weights++;
                }
            }
            long layers = block.getParameters().size() / 2;
            assertEquals(layers, weights, "one weight and one bias per dense layer");
            return n;
        }
    }

    @Test
    void givenSparseBinaryAutoencoderWhenForwardThenCodeIsBinaryAndEqualsEncode() throws Exception {
        SparseBinaryAutoencoder ae =
                SparseBinaryAutoencoder.builder().optLayers(32, 16, 64).build();
        assertEquals(0.5f, ae.threshold());
        try (Model model = Model.newInstance("t", "PyTorch")) {
            model.setBlock(ae);
            NDManager m = model.getNDManager();
            ae.initialize(m, DataType.FLOAT32, BATCH);
            NDArray x = m.randomUniform(0f, 1f, BATCH);
            ParameterStore ps = new ParameterStore(m, false);
            NDList out = ae.forward(ps, new NDList(x), false);
            assertEquals(3, out.size());
            Shape[] expected = ae.getOutputShapes(new Shape[] {BATCH});
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[i], out.get(i).getShape());
            }
            float[] code = out.get(SparseBinaryAutoencoder.CODE).toFloatArray();
            float[] act = out.get(SparseBinaryAutoencoder.ACTIVATION).toFloatArray();
            for (int i = 0; i < code.length; i++) {
                assertEquals(
                        act[i] >= 0.5f ? 1f : 0f, code[i], "bit " + i + " of activation " + act[i]);
            }
            NDArray encoded = ae.encode(ps, x, false);
            assertArrayEquals(code, encoded.toFloatArray());
            assertArrayEquals(
                    out.head().reshape(3, 784).toFloatArray(),
                    ae.decode(ps, encoded, false).toFloatArray(),
                    1e-6f);
            assertGradientsReachEveryParameter(ae, m, x, SparseBinaryAutoencoder.RECONSTRUCTION);
            assertSameAfterReload(ae, ae.descriptor(), x);
        }
    }

    @Test
    void givenTanhPreActivationWhenBuiltThenThresholdDefaultsToZero() {
        SparseBinaryAutoencoder ae =
                SparseBinaryAutoencoder.builder().optPreActivation(ActivationKind.TANH).build();
        assertEquals(0f, ae.threshold());
        assertEquals(4096, ae.codeSize());
    }

    @Test
    void givenBadLayersWhenBuildThenInvalidInput() {
        DenseAutoencoder.Builder b = DenseAutoencoder.builder().setLayers(256, 0);
        assertThrows(InvalidInputException.class, b::build);
        SparseBinaryAutoencoder.Builder s =
                SparseBinaryAutoencoder.builder().optPreActivation(ActivationKind.LEAKY_RELU);
        assertThrows(InvalidInputException.class, s::build);
    }

    private static long countParameters(Block b) {
        long n = 0;
        for (Pair<String, Parameter> p : b.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    private static void assertGradientsReachEveryParameter(
            Block block, NDManager m, NDArray x, int output) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            p.getValue().getArray().setRequiresGradient(true);
        }
        try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray y =
                    block.forward(new ParameterStore(m, false), new NDList(x), true).get(output);
            c.backward(y.sub(x).square().mean());
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            float g = p.getValue().getArray().getGradient().abs().sum().getFloat();
            assertTrue(g > 0, "no gradient reached " + p.getKey());
        }
    }

    private static void assertSameAfterReload(Block block, BlockDescriptor d, NDArray x)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        Block rebuilt = d.build();
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            rebuilt.initialize(m, DataType.FLOAT32, d.inputShape(3));
            try (DataInputStream in =
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                rebuilt.loadParameters(m, in);
            }
            NDArray a =
                    block.forward(new ParameterStore(x.getManager(), false), new NDList(x), false)
                            .head();
            NDArray b =
                    rebuilt.forward(
                                    new ParameterStore(m, false),
                                    new NDList(x.toDevice(x.getDevice(), true)),
                                    false)
                            .head();
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 1e-6f);
        }
    }
}
