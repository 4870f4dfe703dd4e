package org.latentkit.trainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Application;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.api.translate.DigitClassifierTranslator;
import org.latentkit.api.translate.DigitImages;
import org.latentkit.blocks.Architecture;
import org.latentkit.blocks.ClassifierBlockFactory;
import org.latentkit.trainers.classify.ClassifierTrainer;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.Inference;
import org.latentkit.trainers.loop.LrSchedule;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.TrainingListener;

/**
 * A saved classifier loads through DJL's {@code Criteria}: after training and saving (latentkit),
 * the loading and predicting part uses only DJL's API plus the translator and the block factory.
 */
class CriteriaLoadingTest {

    private static final DataLocator.TrainTest DATA = Fixtures.mnistSmall();

    @TempDir static Path tmp;

    private static Path modelDir;
    private static Path pngs;
    private static double savedAccuracy;

    /** Trains LeNet briefly with centred inputs, saves it, and writes the test digits as PNGs. */
    @BeforeAll
    static void trainSaveAndWritePngs() throws Exception {
        ClassifierTrainer.Options o =
                new ClassifierTrainer.Options(
                        Architecture.LENET_CLASSIC,
                        OptimizerKind.ADAM,
                        1e-3f,
                        0.9f,
                        LrSchedule.CONSTANT,
                        1,
                        32,
                        0,
                        Normalization.CENTERED,
                        7,
                        40);
        modelDir = tmp.resolve("run").resolve("model");
        try (ClassifierTrainer.Trained t =
                new ClassifierTrainer(EngineContext.of("PyTorch", "cpu"))
                        .fit(Split.trainTest(DATA), o, TrainingListener.NONE)) {
            ModelStore.save(
                    t.model(), t.descriptor(), ClassifierTrainer.metadata(o, "mnist"), modelDir);
            // What `latentkit eval` reports for this model.
            savedAccuracy = Inference.accuracy(t.model(), DATA.test(), Normalization.CENTERED);
        }
        pngs = Files.createDirectories(tmp.resolve("pngs"));
        DigitSet test = DATA.test();
        for (int i = 0; i < test.size(); i++) {
            float[] p = test.image(i, Normalization.UNIT);
            for (int j = 0; j < p.length; j++) {
                p[j] *= 255f;
            }
            DigitImages.writePng(p, pngs.resolve(String.format("%03d.png", i)));
        }
        // 1 epoch of 40 batches: chance is 10%; this LeNet reaches about 80%.
        assertTrue(savedAccuracy > 0.6, "accuracy " + savedAccuracy);
    }

    private static double accuracyThrough(Criteria<Image, Classifications> criteria)
            throws Exception {
        DigitSet test = DATA.test();
        int correct = 0;
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (int i = 0; i < test.size(); i++) {
                Image img =
                        ImageFactory.getInstance()
                                .fromFile(pngs.resolve(String.format("%03d.png", i)));
                Classifications c = predictor.predict(img);
                if (Integer.parseInt(c.best().getClassName()) == test.label(i)) {
                    correct++;
                }
            }
        }
        return correct / (double) test.size();
    }

    @Test
    void
            givenSavedClassifier_whenLoadedByCriteriaFromServingProperties_thenPngsPredictAtTheSavedAccuracy()
                    throws Exception {
        // serving.properties names the factory and the block arguments, and records the
        // normalisation the translator reads (centred here: unit inputs would score lower).
        Properties sp = new Properties();
        try (var r = Files.newBufferedReader(modelDir.resolve("serving.properties"))) {
            sp.load(r);
        }
        assertEquals(ClassifierBlockFactory.class.getName(), sp.getProperty("blockFactory"));
        assertEquals("centered", sp.getProperty("latentkit.meta.normalization"));

        Criteria<Image, Classifications> criteria =
                Criteria.builder()
                        .optApplication(Application.CV.IMAGE_CLASSIFICATION)
                        .setTypes(Image.class, Classifications.class)
                        .optModelPath(modelDir)
                        .optEngine("PyTorch")
                        .optTranslator(DigitClassifierTranslator.builder().build())
                        .build();
        assertEquals(savedAccuracy, accuracyThrough(criteria), 1e-12);
    }

    @Test
    void givenParametersOnly_whenFactoryAndArgumentsComeFromCriteria_thenTheSameAccuracy()
            throws Exception {
        Path bare = Files.createDirectories(tmp.resolve("bare"));
        Files.copy(
                modelDir.resolve("latentkit-0000.params"), bare.resolve("latentkit-0000.params"));
        Map<String, Object> args = new HashMap<>();
        args.put("blockFactory", new ClassifierBlockFactory());
        args.put("latentkit.architecture", "lenet-classic");
        args.put("latentkit.version", "2");
        args.put("latentkit.input_shape", "1,1,28,28");
        args.put("latentkit.option.classes", "10");
        Criteria<Image, Classifications> criteria =
                Criteria.builder()
                        .setTypes(Image.class, Classifications.class)
                        .optModelPath(bare)
                        .optModelName("latentkit")
                        .optEngine("PyTorch")
                        .optArguments(args)
                        .optTranslator(
                                DigitClassifierTranslator.builder()
                                        .optNormalization(Normalization.CENTERED)
                                        .build())
                        .build();
        assertEquals(savedAccuracy, accuracyThrough(criteria), 1e-12);
        List<Path> none = new ArrayList<>();
        try (var s = Files.list(bare)) {
            s.filter(p -> !p.getFileName().toString().endsWith(".params")).forEach(none::add);
        }
        assertEquals(List.of(), none, "no latentkit file but the parameters");
    }
}
