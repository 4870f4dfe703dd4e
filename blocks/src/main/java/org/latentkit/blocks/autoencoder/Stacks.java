package org.latentkit.blocks.autoencoder;

import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import org.latentkit.blocks.mlp.ActivationKind;

/** Shared pieces of the autoencoders: the mirrored Linear stacks. */
final class Stacks {

    private Stacks() {}

    /** Encoder: flatten, then {@code Linear(l_i) → act_i}; the last layer gets {@code codeAct}. */
    static SequentialBlock encoder(int[] layers, ActivationKind hidden, ActivationKind codeAct) {
        SequentialBlock b = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int i = 0; i < layers.length; i++) {
            b.add(Linear.builder().setUnits(layers[i]).build());
            ActivationKind a = i == layers.length - 1 ? codeAct : hidden;
            if (a != ActivationKind.IDENTITY) {
                b.add(a.block());
            }
        }
        return b;
    }

    /**
     * Decoder: the encoder's hidden sizes in reverse with {@code hidden}, then {@code Linear(out) →
     * sigmoid}.
     */
    static SequentialBlock decoder(int[] layers, ActivationKind hidden, int outputs) {
        SequentialBlock b = new SequentialBlock();
        for (int i = layers.length - 2; i >= 0; i--) {
            b.add(Linear.builder().setUnits(layers[i]).build());
            if (hidden != ActivationKind.IDENTITY) {
                b.add(hidden.block());
            }
        }
        return b.add(Linear.builder().setUnits(outputs).build())
                .add(ActivationKind.SIGMOID.block());
    }
}
