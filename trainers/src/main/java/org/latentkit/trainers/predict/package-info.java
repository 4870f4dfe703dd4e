/**
 * Saved models applied to image files: classes, clusters or buckets ({@link
 * org.latentkit.trainers.predict.ImagePredictions#predict}) and codes ({@link
 * org.latentkit.trainers.predict.ImagePredictions#encode}), through DJL {@code Predictor}s and the
 * translators of {@code org.latentkit.api.translate}; {@link org.latentkit.trainers.predict.Npy}
 * writes codes for numpy.
 */
package org.latentkit.trainers.predict;
