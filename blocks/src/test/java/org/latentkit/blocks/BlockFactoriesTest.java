package org.latentkit.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.latentkit.blocks.autoencoder.AutoencoderBlockFactory;
import org.latentkit.blocks.autoencoder.DenseAutoencoder;
import org.latentkit.blocks.autoencoder.SparseBinaryAutoencoder;
import org.latentkit.blocks.binary.BucketEncoderFactory;
import org.latentkit.blocks.conv.ConvAutoencoder;
import org.latentkit.blocks.conv.ConvBlockFactory;
import org.latentkit.blocks.conv.ConvVae;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.blocks.semisup.FeatureClassifier;
import org.latentkit.blocks.semisup.FeatureClassifierFactory;
import org.latentkit.blocks.vae.MixtureOfVaeExperts;
import org.latentkit.blocks.vae.VaeBlockFactory;
import org.latentkit.blocks.vae.VaeExpert;
import org.latentkit.core.InvalidInputException;

/** Every saved block family rebuilds through its DJL block factory, from DJL block arguments. */
class BlockFactoriesTest {

    private static List<BlockDescriptor> everyFamily() {
        return List.of(
                Architecture.LENET_CLASSIC.descriptor(10),
                Architecture.MLP.descriptor(7),
                DenseAutoencoder.builder().setLayers(64, 16).build().descriptor(),
                SparseBinaryAutoencoder.builder().setLayers(32, 256).build().descriptor(),
                ConvAutoencoder.create(8).descriptor(),
                ConvVae.descriptor(6),
                VaeExpert.builder().setLatent(5).optLayers(32).build().descriptor(),
                MixtureOfVaeExperts.builder()
                        .setExperts(3)
                        .setLatent(4)
                        .optLayers(16)
                        .build()
                        .descriptor(),
                BucketEncoderFactory.descriptor(new int[] {64, 64}, 7, ActivationKind.LEAKY_RELU),
                FeatureClassifierFactory.descriptor(
                        ConvAutoencoder.create(8).descriptor(),
                        100,
                        10,
                        new float[] {0.1f, -2.5e-7f, 3f, 1f, 0f, 0f, 0f, 0.333333f},
                        new float[] {1f, 1f, 1f, 1f, 1f, 1f, 1f, 1e-6f}),
                FeatureClassifierFactory.descriptor(null, 100, 10, null, null));
    }

    @Test
    void givenEveryFamily_whenArgumentsRoundTrip_thenTheFactoryRebuildsTheSameDescriptorAndBlock()
            throws IOException {
        List<String> classes = new ArrayList<>();
        for (BlockDescriptor d : everyFamily()) {
            Map<String, String> args = d.toArguments();
            assertEquals(d, BlockDescriptor.fromArguments(args), d.architecture());
            DescribedBlockFactory f = DescribedBlockFactory.of(d);
            assertEquals(d.factory(), f.getClass().getName());
            assertTrue(f.architectures().contains(d.architecture()), d.architecture());
            // DJL's own entry point, as Criteria calls it.
            Block b = f.newBlock(null, null, args);
            classes.add(b.getClass().getSimpleName());
        }
        assertEquals(
                List.of(
                        "SequentialBlock",
                        "SequentialBlock",
                        "DenseAutoencoder",
                        "SparseBinaryAutoencoder",
                        "ConvAutoencoder",
                        "VaeExpert",
                        "VaeExpert",
                        "MixtureOfVaeExperts",
                        "SequentialBlock",
                        "FeatureClassifier",
                        "FeatureClassifier"),
                classes);
        FeatureClassifier head = (FeatureClassifier) everyFamily().get(9).build();
        assertEquals("ConvEncoder", head.features().getClass().getSimpleName());
    }

    @Test
    void givenEveryFamily_whenFactoriesAreNamed_thenEachFamilyHasItsOwn() {
        assertEquals(
                List.of(
                        ClassifierBlockFactory.class.getName(),
                        ClassifierBlockFactory.class.getName(),
                        AutoencoderBlockFactory.class.getName(),
                        AutoencoderBlockFactory.class.getName(),
                        ConvBlockFactory.class.getName(),
                        ConvBlockFactory.class.getName(),
                        VaeBlockFactory.class.getName(),
                        VaeBlockFactory.class.getName(),
                        BucketEncoderFactory.class.getName(),
                        FeatureClassifierFactory.class.getName(),
                        FeatureClassifierFactory.class.getName()),
                everyFamily().stream().map(BlockDescriptor::factory).toList());
    }

    @Test
    void givenVersionOneDescriptor_whenRead_thenItsFactoryComesFromTheNameTableOrItSaysResave() {
        BlockDescriptor old =
                new BlockDescriptor("vae", 1, Map.of("latent", "5"), new long[] {1, 784}, null);
        assertEquals(VaeBlockFactory.class.getName(), old.factory());
        InvalidInputException e =
                assertThrows(
                        InvalidInputException.class,
                        () ->
                                new BlockDescriptor(
                                        "resnet", 1, Map.of(), new long[] {1, 784}, null));
        assertEquals(
                "model descriptor: no block factory for architecture 'resnet'; re-save the model"
                        + " with this latentkit",
                e.getMessage());
    }

    @Test
    void givenWrongFamily_whenAFactoryIsAskedForAnotherBlock_thenOneLineNamesBoth() {
        BlockDescriptor vae = ConvVae.descriptor(6);
        InvalidInputException e =
                assertThrows(
                        InvalidInputException.class,
                        () -> new AutoencoderBlockFactory().newBlock(vae));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "model descriptor: AutoencoderBlockFactory does not build a 'conv-vae'"),
                e.getMessage());
        InvalidInputException missing =
                assertThrows(
                        InvalidInputException.class,
                        () -> BlockDescriptor.fromArguments(Map.of("blockFactory", "x")));
        assertTrue(missing.getMessage().contains("latentkit.architecture"), missing.getMessage());
    }

    /** The package cycle is gone: this package imports no block family that imports it. */
    @Test
    void givenThisPackage_whenItsImportsAreRead_thenNoFamilyThatDependsOnItIsImported()
            throws IOException {
        Path dir = Path.of("src/main/java/org/latentkit/blocks");
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.matches(
                            "import org\\.latentkit\\.blocks\\.(autoencoder|conv|vae|semisup|binary)\\..*")) {
                        bad.add(f.getFileName() + ": " + line);
                    }
                }
            }
        }
        assertEquals(List.of(), bad);
    }
}
