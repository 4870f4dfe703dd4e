/**
 * Data augmentation as parameter-free DJL blocks that transform a training batch on the engine,
 * with random draws from the batch's own manager.
 */
package org.latentkit.blocks.augment;
