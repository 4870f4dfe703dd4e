/** The single training loop every latentkit trainer runs, early stopping and model storage. */
package org.latentkit.trainers.loop;
