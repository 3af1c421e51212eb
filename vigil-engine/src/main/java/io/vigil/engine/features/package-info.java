/** The preprocessing pipeline fitted on training data and saved inside the model: imputation, scaling, encoding, labels. */
package io.vigil.engine.features;
