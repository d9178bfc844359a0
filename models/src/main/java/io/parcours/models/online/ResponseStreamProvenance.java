package io.parcours.models.online;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.time.OffsetDateTime;
import java.util.Map;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Where an online model's data came from: a stream of responses, not a dataset. Tribuo's provenance
 * machinery records it like any dataset: what it was, when it started, how many examples it held.
 */
public final class ResponseStreamProvenance extends DatasetProvenance {

  private static final long serialVersionUID = 1L;

  /**
   * @param description what the stream was, for example "responses 1 to 48213 on channel web"
   * @param since when the model started learning from it
   * @param examples responses learned
   * @param features features met
   */
  public ResponseStreamProvenance(
      String description, OffsetDateTime since, long examples, int features) {
    super(
        new SimpleDataSourceProvenance(description, since, new LabelFactory()),
        new ListProvenance<>(),
        "response stream",
        false,
        false,
        (int) Math.min(Integer.MAX_VALUE, examples),
        features,
        2);
  }

  /** For Tribuo's provenance unmarshalling. */
  public ResponseStreamProvenance(Map<String, Provenance> map) {
    super(map);
  }
}
