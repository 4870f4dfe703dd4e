/** Progress listeners for training runs: the one-line progress bar and epoch reports. */
package org.latentkit.trainers.listeners;
