package io.vigil.engine.classifiers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XGBoostSupportTest {

    @Test
    void xgboostFailuresKeepTheReasonAndDropTheNativeStackTrace() {
        var e = new ml.dmlc.xgboost4j.java.XGBoostError("[04:38:55] /workspace/src/data/data.cc:1173: Check failed: valid: "
                + "Input data contains `inf`\nStack trace:\n  [bt] (0) /tmp/libxgboost4j.so(dmlc::LogMessageFatal)");
        assertThat(XGBoostSupport.reason(e)).isEqualTo("Check failed: valid: Input data contains `inf`");
        assertThat(XGBoostSupport.reason(new ml.dmlc.xgboost4j.java.XGBoostError("plain"))).isEqualTo("plain");
    }
}
