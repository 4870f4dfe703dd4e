/**
 * Training-speed and memory benchmarks over the one training loop, with a registry of experiments.
 */
package org.latentkit.trainers.bench;
