/** Stratified splits, k-fold cross-validation, classification metrics and curves, hyperparameter search. */
package io.vigil.engine.evaluation;
