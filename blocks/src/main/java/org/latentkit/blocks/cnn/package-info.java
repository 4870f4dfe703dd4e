/** Convolutional classifiers: LeNet classic and deep (seed 004), and seed 003's ConvNet. */
package org.latentkit.blocks.cnn;
