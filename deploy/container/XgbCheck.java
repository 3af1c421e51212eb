import ml.dmlc.xgboost4j.java.*;
import java.util.*;
public class XgbCheck {
  public static void main(String[] a) throws Exception {
    float[] x = new float[200]; float[] y = new float[100];
    for (int i = 0; i < 100; i++) { x[2*i] = i; x[2*i+1] = i % 7; y[i] = i < 50 ? 0 : 1; }
    DMatrix m = new DMatrix(x, 100, 2, Float.NaN); m.setLabel(y);
    Map<String,Object> p = new HashMap<>(); p.put("objective", "binary:logistic"); p.put("nthread", 2);
    Booster b = XGBoost.train(m, p, 5, new HashMap<>(), null, null);
    float[][] pr = b.predict(m);
    System.out.println(System.getProperty("os.arch") + " xgboost ok: p(row0)=" + pr[0][0] + " p(row99)=" + pr[99][0]);
  }
}
