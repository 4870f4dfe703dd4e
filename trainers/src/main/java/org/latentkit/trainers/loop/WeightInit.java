package org.latentkit.trainers.loop;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import org.latentkit.core.Choice;

/**
 * How a block's weights are drawn before training (biases start at 0 either way). For a weight with
 * fan-in {@code n_in} and fan-out {@code n_out}:
 *
 * <ul>
 *   <li>{@code djl}: DJL's default for {@code Parameter.Type.WEIGHT}, {@code N(0, 2/n_in)} (He et
 *       al. 2015);
 *   <li>{@code glorot}: Keras's default for {@code Dense}, {@code U(−a, a)} with {@code a =
 *       √(6/(n_in + n_out))} (Glorot and Bengio 2010, "Glorot uniform"), variance {@code 2/(n_in +
 *       n_out)}.
 *   <li>{@code torch}: PyTorch's default for {@code nn.Linear} and {@code nn.Conv2d} weights
 *       ({@code kaiming_uniform_} with {@code a = √5}), {@code U(−a, a)} with {@code a = 1/√n_in},
 *       variance {@code 1/(3 n_in)}. PyTorch also draws the biases from {@code U(±1/√n_in)}; here
 *       they start at 0, as for the other two.
 * </ul>
 */
public enum WeightInit implements Choice {
    /** DJL's default, He normal: {@code N(0, 2/n_in)}. */
    DJL("djl"),
    /** Keras's default, Glorot uniform: {@code U(±√(6/(n_in + n_out)))}. */
    GLOROT("glorot"),
    /** PyTorch's default for weights: {@code U(±1/√n_in)}. */
    TORCH("torch");

    private final String id;

    WeightInit(String id) {
        this.id = id;
    }

    /**
     * Returns the command-line name.
     *
     * @return {@code djl}, {@code glorot} or {@code torch}
     */
    @Override
    public String id() {
        return id;
    }

    /**
     * Returns the weight initialiser.
     *
     * @return DJL's He-normal default, Glorot uniform ({@code XavierInitializer(UNIFORM, AVG, 3)}:
     *     {@code a = √(3 / ((n_in + n_out)/2))}) or PyTorch's ({@code XavierInitializer(UNIFORM,
     *     IN, 1)}: {@code a = √(1 / n_in)})
     */
    public Initializer initializer() {
        return switch (this) {
            case DJL -> Parameter.Type.WEIGHT.getInitializer();
            case GLOROT ->
                    new XavierInitializer(
                            XavierInitializer.RandomType.UNIFORM,
                            XavierInitializer.FactorType.AVG,
                            3f);
            case TORCH ->
                    new XavierInitializer(
                            XavierInitializer.RandomType.UNIFORM,
                            XavierInitializer.FactorType.IN,
                            1f);
        };
    }

    /**
     * Sets this initialiser on every weight of a block not yet initialised.
     *
     * @param block the block; its children's weights too
     */
    public void apply(Block block) {
        block.setInitializer(initializer(), Parameter.Type.WEIGHT);
    }

    /**
     * Parses an initialisation name.
     *
     * @param text {@code djl}, {@code glorot} or {@code torch}
     * @return the initialisation
     */
    public static WeightInit parse(String text) {
        return Choice.parse(values(), "init", "initialisation", text);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return id;
    }
}
