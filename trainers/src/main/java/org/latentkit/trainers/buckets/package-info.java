/**
 * Seed 000's unsupervised binary-code bucket classifier: training without labels, bucket labelling
 * afterwards.
 */
package org.latentkit.trainers.buckets;
