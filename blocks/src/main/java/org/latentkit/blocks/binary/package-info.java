/** Blocks for learning binary codes without labels. */
package org.latentkit.blocks.binary;
