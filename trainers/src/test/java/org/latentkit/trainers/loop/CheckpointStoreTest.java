package org.latentkit.trainers.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.Split;
import org.latentkit.blocks.Architecture;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.classify.ClassifierTrainer;

/** Checkpoints written by the shared loop: completeness, checksums, pruning and exact resume. */
class CheckpointStoreTest {

    @TempDir Path tmp;

    private static final EngineContext CONTEXT = EngineContext.of("PyTorch", "cpu");

    /**
     * An mlp on the fixture, 2 epochs of 10 steps, a checkpoint every 4 steps (4, 8, 10, 12, 16,
     * 20).
     */
    private static ClassifierTrainer.Result fit(Path runDir, int epochs, boolean resume) {
        Split split = Split.withValidation(Fixtures.mnistSmall(), 500);
        ClassifierTrainer.Options o =
                new ClassifierTrainer.Options(
                        Architecture.MLP,
                        OptimizerKind.ADAM,
                        1e-3f,
                        0.9f,
                        LrSchedule.CONSTANT,
                        epochs,
                        32,
                        3,
                        org.latentkit.api.data.Normalization.UNIT,
                        7,
                        10);
        // Collect garbage at every step: restored arrays must not depend on Java buffers that the
        // collector may free (it did, as a SIGSEGV, before restored arrays were cloned).
        TrainingListener gc =
                new TrainingListener() {
                    @Override
                    public void onStep(int step, double loss) {
                        System.gc();
                    }
                };
        FitHooks control =
                FitHooks.builder()
                        .optProgress(resume ? gc : TrainingListener.NONE)
                        .optControl(
                                TrainingControl.builder()
                                        .optCheckpoints(runDir)
                                        .optCheckpointEvery(4)
                                        .optResume(resume)
                                        .optRunSettings(Map.of("test", 1))
                                        .build())
                        .build();
        try (ClassifierTrainer.Trained t = new ClassifierTrainer(CONTEXT).fit(split, o, control)) {
            return t.result();
        }
    }

    @Test
    void givenTwoEpochRun_whenDone_thenTheNewestTwoCompleteCheckpointsAreKeptAndVerify() {
        fit(tmp, 2, false);
        List<Path> complete = new CheckpointStore(tmp).complete();
        assertEquals(
                List.of("step-0000000020", "step-0000000016"),
                complete.stream().map(p -> p.getFileName().toString()).toList());
        Checkpoint end = CheckpointStore.read(complete.get(0));
        assertEquals(2, end.epochsDone());
        assertEquals(0, end.stepsDone());
        assertEquals(20, end.optimizerUpdates(), "Adam's t counts every step");
        assertEquals("Adam", end.optimizer());
        assertEquals(2, end.history().size());
        Checkpoint mid = CheckpointStore.read(complete.get(1));
        assertEquals(1, mid.epochsDone());
        assertEquals(6, mid.stepsDone(), "global step 16 is step 6 of epoch 2");
        assertTrue(Files.isRegularFile(complete.get(0).resolve(TrainingControl.BEST)));
    }

    @Test
    void givenDamagedOrIncompleteNewest_whenLatestIsAsked_thenTheOlderIntactOneIsUsed()
            throws IOException {
        fit(tmp, 2, false);
        CheckpointStore store = new CheckpointStore(tmp);
        Path newest = store.complete().get(0);
        byte[] params = Files.readAllBytes(newest.resolve(TrainingControl.PARAMS));
        params[params.length - 1] ^= 1;
        Files.write(newest.resolve(TrainingControl.PARAMS), params);
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> CheckpointStore.read(newest));
        assertTrue(
                e.getMessage()
                        .endsWith("params.bin is damaged (checksum differs from the manifest)"),
                e.getMessage());
        assertEquals(
                16, store.latest().getValue().globalStep(), "falls back to the older checkpoint");

        Files.delete(newest.resolve(CheckpointStore.MANIFEST)); // as a crash before the manifest
        assertEquals(1, store.complete().size(), "a folder without a manifest is not a checkpoint");
    }

    @Test
    void givenRunResumedFromItsMidEpochCheckpoint_whenFinished_thenItEqualsTheUninterruptedRun()
            throws IOException {
        Path full = tmp.resolve("full");
        ClassifierTrainer.Result reference = fit(full, 3, false);
        Path cut = tmp.resolve("cut");
        fit(cut, 2, false);
        // Invalidate the epoch-end checkpoint (step 20): the newest left is step 16, epoch 2 step
        // 6,
        // as if the run had been killed just after writing it.
        Files.delete(cut.resolve("checkpoints/step-0000000020").resolve(CheckpointStore.MANIFEST));
        assertEquals(16, new CheckpointStore(cut).latest().getValue().globalStep());
        ClassifierTrainer.Result resumed = fit(cut, 3, true);
        assertEquals(reference.testAccuracy(), resumed.testAccuracy(), 1e-9);
        assertEquals(
                reference.fit().history().get(2).trainLoss(),
                resumed.fit().history().get(2).trainLoss(),
                1e-6);
    }
}
