/** Supervised digit classification (seeds 003 and 004) and accuracy against sample count. */
package org.latentkit.trainers.classify;
