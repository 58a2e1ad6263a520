-- Stancemap web: human reviews of unit labels (schema history in stancemap_web_schema_history).
CREATE TABLE web_reviews (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  content_id TEXT NOT NULL,             -- the analysed text's content id: a review belongs to that text
  unit_id TEXT NOT NULL,
  dimension TEXT NOT NULL,              -- position | stance:<target> | narrative | technique
  ai_label TEXT NOT NULL,               -- the label the analysis gave when the reviewer saw it
  human_label TEXT NOT NULL,            -- equal to ai_label when accepted
  reviewer TEXT NOT NULL,
  reviewed_at TEXT NOT NULL             -- ISO-8601 UTC
);
CREATE INDEX web_reviews_unit ON web_reviews(document_id, unit_id, dimension);
