package org.latentkit.trainers.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.latentkit.blocks.autoencoder.DenseAutoencoder;
import org.latentkit.core.InvalidInputException;

/** The weight initialisations draw what their javadoc says, on every layer of a block. */
class WeightInitTest {

    /**
     * 784-64-784: the encoder weight has fan-in 784 and fan-out 64, the decoder weight the reverse.
     * Glorot uniform gives both the standard deviation √(2/848) = 0.0486 and bounds √(6/848) =
     * 0.0841; He normal gives √(2/784) = 0.0505 to the encoder and √(2/64) = 0.177 to the decoder.
     * Biases are 0 either way.
     */
    @Test
    void givenGlorotWhenInitialisedThenEveryWeightHasGlorotSpreadAndBiasesAreZero() {
        double glorotBound = Math.sqrt(6.0 / 848);
        double[] glorot = weightSds(WeightInit.GLOROT, glorotBound, glorotBound);
        assertEquals(Math.sqrt(2.0 / 848), glorot[0], 0.003);
        assertEquals(Math.sqrt(2.0 / 848), glorot[1], 0.003);
        double[] djl = weightSds(WeightInit.DJL, Double.NaN, Double.NaN);
        assertEquals(Math.sqrt(2.0 / 784), djl[0], 0.003);
        assertEquals(Math.sqrt(2.0 / 64), djl[1], 0.01);
    }

    /**
     * PyTorch's default draws U(±1/√fan_in): bounds 1/28 for the encoder (fan-in 784) and 1/8 for
     * the decoder (fan-in 64), standard deviations 1/√(3·784) = 0.0206 and 1/√(3·64) = 0.0722.
     */
    @Test
    void givenTorchWhenInitialisedThenEveryWeightIsUniformInPlusMinusOneOverRootFanIn() {
        double[] torch = weightSds(WeightInit.TORCH, 1.0 / 28, 1.0 / 8);
        assertEquals(1 / Math.sqrt(3.0 * 784), torch[0], 0.001);
        assertEquals(1 / Math.sqrt(3.0 * 64), torch[1], 0.003);
        assertEquals(WeightInit.TORCH, WeightInit.parse("torch"));
    }

    @Test
    void givenUnknownNameWhenParseThenOneLineNamesTheFlag() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> WeightInit.parse("he"));
        assertTrue(e.getMessage().startsWith("init: unknown initialisation 'he'"), e.getMessage());
        assertEquals(WeightInit.GLOROT, WeightInit.parse("glorot"));
    }

    /** Returns the encoder's and decoder's weight standard deviations; checks bounds and biases. */
    private static double[] weightSds(WeightInit init, double... bounds) {
        DenseAutoencoder ae = DenseAutoencoder.builder().setLayers(64).build();
        init.apply(ae);
        try (Model model = Model.newInstance("t", "PyTorch")) {
            ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(7);
            model.setBlock(ae);
            ae.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 1, 28, 28));
            double[] sds = new double[2];
            int w = 0;
            for (Pair<String, Parameter> p : ae.getParameters()) {
                NDArray a = p.getValue().getArray();
                if (p.getValue().getType() == Parameter.Type.BIAS) {
                    assertEquals(0f, a.abs().max().getFloat(), p.getKey());
                    continue;
                }
                double mean = a.mean().getFloat();
                double sd = Math.sqrt(a.sub(mean).square().mean().getFloat());
                double bound = bounds[w];
                if (!Double.isNaN(bound)) {
                    assertTrue(
                            a.abs().max().getFloat() <= bound + 1e-6,
                            p.getKey()
                                    + " max "
                                    + a.abs().max().getFloat()
                                    + " sd "
                                    + sd
                                    + " shape "
                                    + a.getShape());
                }
                sds[w++] = sd;
            }
            assertEquals(2, w);
            return sds;
        }
    }
}
