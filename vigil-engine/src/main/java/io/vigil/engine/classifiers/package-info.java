/**
 * The classifiers trained with XGBoost4J: gradient boosting, random forest and logistic
 * regression, scored in pure Java (trees by {@link io.vigil.engine.trees.FlatForest}, linear
 * models by their coefficients). They register through {@link ClassifierAlgorithms}.
 */
package io.vigil.engine.classifiers;
