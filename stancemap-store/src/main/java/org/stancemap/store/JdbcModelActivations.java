package org.stancemap.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** {@link ModelActivations} over JDBC: table {@code web_model_activations} (migration V2). */
final class JdbcModelActivations implements ModelActivations {
  private final JdbcConnections db;

  JdbcModelActivations(JdbcConnections db) {
    this.db = db;
  }

  @Override
  public ModelActivation record(String model, String modelId, String codebookFile, String by) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long id = db.write("record a model activation", c -> db.insertReturningId(c, "INSERT INTO web_model_activations"
        + " (model_file, model_id, codebook_file, activated_by, activated_at) VALUES (?, ?, ?, ?, ?)", model, modelId,
        codebookFile, by, at.toString()));
    return new ModelActivation(id, model, modelId, codebookFile, by, at);
  }

  @Override
  public Optional<ModelActivation> latest() {
    return db.read("read the model activations", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, model_file, model_id, codebook_file, activated_by,"
          + " activated_at FROM web_model_activations ORDER BY id DESC LIMIT 1");
          ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new ModelActivation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), Instant.parse(rs.getString(6))));
      }
    });
  }
}
