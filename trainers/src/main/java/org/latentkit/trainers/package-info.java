/** Engine-agnostic training on DJL's Trainer: the shared loop and the experiment trainers. */
package org.latentkit.trainers;
