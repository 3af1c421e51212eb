/** Tree ensembles compiled into flat primitive arrays and scored in pure Java, without allocation. */
package io.vigil.engine.trees;
