package org.stancemap.web;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.stancemap.store.JdbcStore;

/**
 * The durable record of model activations, in the web module's table {@code web_model_activations} of the corpus
 * database (created by the web module's migration V2, run by {@link ReviewStore} with the reviews' migrations). Each
 * activation, and each return to the default model, adds a row with who and when; the latest row says which model
 * the server starts with. Rows are never updated, so the table is also the history. Thread-safe.
 */
final class Activations {
  /**
   * One activation.
   *
   * @param model the model file under the models folder, or null for "back to the default model"
   * @param modelId the model's id at activation
   * @param codebookFile the edited codebook file the model belongs to, or null
   */
  record Activation(long id, String model, String modelId, String codebookFile, String by, Instant at) {}

  private final JdbcStore db;

  Activations(JdbcStore db) {
    this.db = db;
  }

  Activation record(String model, String modelId, String codebookFile, String by) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long id = db.inWriteTransaction("record a model activation", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO web_model_activations (model_file, model_id,"
          + " codebook_file, activated_by, activated_at) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
        ps.setString(1, model);
        ps.setString(2, modelId);
        ps.setString(3, codebookFile);
        ps.setString(4, by);
        ps.setString(5, at.toString());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
    return new Activation(id, model, modelId, codebookFile, by, at);
  }

  /** The latest activation, if any was recorded. */
  Optional<Activation> latest() {
    return db.inReadTransaction("read the model activations", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, model_file, model_id, codebook_file, activated_by,"
          + " activated_at FROM web_model_activations ORDER BY id DESC LIMIT 1");
          ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Activation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), Instant.parse(rs.getString(6))));
      }
    });
  }
}
