/**
 * Blocks for learning from few labels: {@link org.latentkit.blocks.semisup.FeatureClassifier} puts
 * a small classifier head on any feature block (a pretrained encoder, or plain flattened pixels);
 * {@link org.latentkit.blocks.semisup.FixMatchBlock} gives a classifier FixMatch's weak and strong
 * views of labelled and unlabelled batches.
 */
package org.latentkit.blocks.semisup;
