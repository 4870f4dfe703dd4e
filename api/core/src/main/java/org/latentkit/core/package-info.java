/**
 * The smallest part of latentkit, on DJL's api alone: the one-line input error and the named
 * choices that every module parses from text. Blocks and losses depend on this module only.
 */
package org.latentkit.core;
