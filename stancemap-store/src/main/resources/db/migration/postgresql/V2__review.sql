-- Stancemap corpus store, schema version 2 (PostgreSQL): the workbench's human reviews and model activations.
-- Keep in step with ../sqlite/V2__review.sql; docs/store.md describes every table.
-- Until version 2 the web module created these two tables itself (its own Flyway history table
-- stancemap_web_schema_history, left in place); IF NOT EXISTS keeps such a database's tables and rows.

CREATE TABLE IF NOT EXISTS web_reviews (
  id BIGSERIAL PRIMARY KEY,
  document_id BIGINT NOT NULL REFERENCES documents(id),
  content_id TEXT NOT NULL,             -- the analysed text's content id: a review belongs to that text
  unit_id TEXT NOT NULL,
  dimension TEXT NOT NULL,              -- position | stance:<target> | narrative | technique
  ai_label TEXT NOT NULL,               -- the label the analysis gave when the reviewer saw it
  human_label TEXT NOT NULL,            -- equal to ai_label when accepted
  reviewer TEXT NOT NULL,
  reviewed_at TEXT NOT NULL             -- ISO-8601 UTC
);
CREATE INDEX IF NOT EXISTS web_reviews_unit ON web_reviews(document_id, unit_id, dimension);

-- which model the web server uses, recorded at each activation (the latest row counts; never updated)
CREATE TABLE IF NOT EXISTS web_model_activations (
  id BIGSERIAL PRIMARY KEY,
  model_file TEXT,                      -- file name under the models folder; NULL: back to the default model
  model_id TEXT NOT NULL,               -- the model's id when it was activated (checked again at start)
  codebook_file TEXT,                   -- the edited codebook file it belongs to; NULL: the server's codebook
  activated_by TEXT NOT NULL,
  activated_at TEXT NOT NULL            -- ISO-8601 UTC
);
