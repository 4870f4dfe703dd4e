/** Per-step and per-epoch observers of training: progress bar and epoch reports. */
package org.latentkit.trainers.listeners;
