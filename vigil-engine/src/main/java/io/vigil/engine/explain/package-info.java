/** Why a model predicts what it does: TreeSHAP and linear contributions per prediction, gain and permutation importance. */
package io.vigil.engine.explain;
