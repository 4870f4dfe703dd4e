/**
 * Clustering on the engine: k-means with k-means++ seeding, used as a baseline and as an
 * initialiser.
 */
package org.latentkit.trainers.cluster;
