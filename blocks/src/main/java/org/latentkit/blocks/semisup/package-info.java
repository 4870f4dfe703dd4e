/**
 * Blocks for learning from few labels: {@link org.latentkit.blocks.semisup.FeatureClassifier} puts
 * a small classifier head on any feature block (a pretrained encoder, or plain flattened pixels).
 */
package org.latentkit.blocks.semisup;
