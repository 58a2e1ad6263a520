-- Stancemap web: which model the server uses, recorded at each activation (the latest row counts; never updated).
CREATE TABLE web_model_activations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  model_file TEXT,                      -- file name under the models folder; NULL: back to the default model
  model_id TEXT NOT NULL,               -- the model's id when it was activated (checked again at start)
  codebook_file TEXT,                   -- the edited codebook file it belongs to; NULL: the server's codebook
  activated_by TEXT NOT NULL,
  activated_at TEXT NOT NULL            -- ISO-8601 UTC
);
