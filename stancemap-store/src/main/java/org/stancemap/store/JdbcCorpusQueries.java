package org.stancemap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.stancemap.json.Json;
import org.stancemap.store.CorpusQueries.DashboardLabels;

/**
 * {@link CorpusQueries} over JDBC: plain SQL over the store's tables (schema: docs/store.md) that runs on SQLite and
 * PostgreSQL alike; timestamps are ISO-8601 text in both, so a month is the first seven characters. Each call runs
 * in a read transaction on one of the store's pooled reader connections.
 */
final class JdbcCorpusQueries implements CorpusQueries {
  private final JdbcConnections db;

  JdbcCorpusQueries(JdbcConnections db) {
    this.db = db;
  }

  private record Where(String sql, List<Object> args) {}

  private static Where where(CorpusFilter f) {
    StringBuilder sb = new StringBuilder(" WHERE EXISTS (SELECT 1 FROM locations lo WHERE lo.document_id = d.id)");
    List<Object> args = new ArrayList<>();
    if (f.source() != null) {
      sb.append(" AND s.name = ?");
      args.add(f.source());
    }
    if (f.from() != null) {
      sb.append(" AND d.published >= ?");
      args.add(f.from().toString());
    }
    if (f.to() != null) {
      sb.append(" AND d.published < ?");
      args.add(f.to().plusDays(1).toString());
    }
    if (f.position() != null) {
      sb.append(" AND a.position = ?");
      args.add(f.position());
    }
    if (f.narrative() != null) {
      // not correlated: computed once through the labels (dimension, label) index
      sb.append(" AND a.id IN (SELECT l.analysis_id FROM labels l WHERE l.dimension = 'narrative' AND l.label = ?"
          + " AND l.unit_id IS NULL)");
      args.add(f.narrative());
    }
    if (f.technique() != null) {
      // not correlated: computed once through the labels (dimension, label) index
      sb.append(" AND a.id IN (SELECT l.analysis_id FROM labels l WHERE l.dimension = 'technique' AND l.label = ?"
          + " AND l.unit_id IS NULL)");
      args.add(f.technique());
    }
    if (f.ids() != null) {
      if (f.ids().isEmpty()) {
        sb.append(" AND 1 = 0");
      } else {
        sb.append(" AND d.id IN (").append("?,".repeat(f.ids().size() - 1)).append("?)");
        args.addAll(f.ids());
      }
    }
    return new Where(sb.toString(), args);
  }

  private static final String FROM = " FROM documents d JOIN sources s ON s.id = d.source_id"
      + " LEFT JOIN analyses a ON a.document_id = d.id";

  @Override
  public CorpusListing list(CorpusFilter f, int offset, int limit) {
    Where w = where(f);
    return db.read("read the corpus", c -> {
      long total;
      // first the page's ids (sorting reads no text), then their rows
      List<Long> pageIds = new ArrayList<>();
      if (f.ids() != null) {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*)" + FROM + w.sql())) {
          JdbcConnections.bind(ps, w.args().toArray());
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            total = rs.getLong(1);
          }
        }
        pageIds.addAll(f.ids());
      } else {
        List<Long> all = orderedIds(c, f, w);
        total = all.size();
        pageIds.addAll(all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size())));
      }
      List<CorpusItem> items = new ArrayList<>();
      Map<Long, Long> analysisOf = new LinkedHashMap<>();
      if (!pageIds.isEmpty()) {
        Where page = f.ids() != null ? w : new Where(" WHERE d.id IN (" + "?,".repeat(pageIds.size() - 1) + "?)",
            new ArrayList<>(pageIds));
        try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.content_id, d.title, s.name, d.url,"
            + " d.published, a.position, a.position_score, substr(d.text, 1, " + (EXCERPT + 40) + "), a.id"
            + FROM + page.sql())) {
          JdbcConnections.bind(ps, page.args().toArray());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              double ps2 = rs.getDouble(8);
              Double posScore = rs.wasNull() ? null : ps2;
              long aid = rs.getLong(10);
              if (!rs.wasNull()) {
                analysisOf.put(rs.getLong(1), aid);
              }
              String title = rs.getString(3) != null ? rs.getString(3) : CorpusQueries.firstLine(rs.getString(9));
              items.add(new CorpusItem(rs.getLong(1), rs.getString(2), title, rs.getString(4), rs.getString(5),
                  rs.getString(6), rs.getString(7), posScore, CorpusQueries.excerpt(rs.getString(9)),
                  new LinkedHashMap<>(),
                  new ArrayList<>(), new ArrayList<>()));
            }
          }
        }
      }
      {
        // in the order of the page (sorted, or the search's rank)
        Map<Long, CorpusItem> byId = new HashMap<>();
        items.forEach(i -> byId.put(i.id(), i));
        List<CorpusItem> ordered = new ArrayList<>();
        for (Long id : pageIds) {
          CorpusItem i = byId.get(id);
          if (i != null) {
            ordered.add(i);
          }
        }
        items = ordered;
      }
      if (f.ids() != null) {
        // keep the search's rank order, then page
        Map<Long, CorpusItem> byId = new HashMap<>();
        items.forEach(i -> byId.put(i.id(), i));
        List<CorpusItem> ranked = new ArrayList<>();
        for (Long id : f.ids()) {
          CorpusItem i = byId.get(id);
          if (i != null) {
            ranked.add(i);
          }
        }
        items = ranked.subList(Math.min(offset, ranked.size()), Math.min(offset + limit, ranked.size()));
      }
      addLabels(c, items, analysisOf);
      return new CorpusListing(List.copyOf(items), total, offset, limit);
    });
  }

  /** Every id the filter selects, in listing order; cached per filter until the corpus changes. */
  private List<Long> orderedIds(Connection c, CorpusFilter f, Where w) throws SQLException {
    String version;
    try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT max(id) FROM analyses), (SELECT max(id) FROM"
        + " documents), (SELECT count(*) FROM locations), (SELECT max(updated_at) FROM locations)");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      version = rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3) + "/" + rs.getString(4);
    }
    Cached hit = cache.get(f);
    if (hit != null && hit.version().equals(version)) {
      return hit.ids();
    }
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT d.id" + FROM + w.sql() + " ORDER BY CASE WHEN"
        + " d.published IS NULL THEN 1 ELSE 0 END, d.published DESC, d.id DESC")) {
      JdbcConnections.bind(ps, w.args().toArray());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    List<Long> frozen = List.copyOf(ids);
    cache.put(f, new Cached(version, frozen));
    return frozen;
  }

  private record Cached(String version, List<Long> ids) {}

  /** The sorted id lists of the 64 filters used last (a listing page is then a sublist and 20 row reads). */
  private final Map<CorpusFilter, Cached> cache = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<CorpusFilter, Cached> eldest) {
          return size() > 64;
        }
      });

  private static void addLabels(Connection c, List<CorpusItem> items, Map<Long, Long> analysisOf) throws SQLException {
    List<Long> aids = new ArrayList<>();
    Map<Long, CorpusItem> byAnalysis = new HashMap<>();
    for (CorpusItem i : items) {
      Long aid = analysisOf.get(i.id());
      if (aid != null) {
        aids.add(aid);
        byAnalysis.put(aid, i);
      }
    }
    if (aids.isEmpty()) {
      return;
    }
    // only analysis_id in the WHERE clause, so that the planner takes the labels_analysis index (a condition on
    // dimension made SQLite scan the (dimension, label) index over the whole corpus); the rest is filtered here
    try (PreparedStatement ps = c.prepareStatement("SELECT analysis_id, dimension, target, label, score, unit_id"
        + " FROM labels WHERE analysis_id IN (" + "?,".repeat(aids.size() - 1) + "?)"
        + " ORDER BY analysis_id, score DESC, label")) {
      JdbcConnections.bind(ps, aids.toArray());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(6) != null || !Set.of("stance", "narrative", "technique").contains(rs.getString(2))) {
            continue;
          }
          CorpusItem i = byAnalysis.get(rs.getLong(1));
          switch (rs.getString(2)) {
            case "stance" -> i.stance().put(rs.getString(3), Json.obj().put("label", rs.getString(4))
                .put("score", rs.getDouble(5)).build());
            case "narrative" -> i.narratives().add(rs.getString(4));
            default -> i.techniques().add(rs.getString(4));
          }
        }
      }
    }
  }

  @Override
  public Optional<Long> idOf(String contentId) {
    if (!contentId.matches("[0-9a-f]{16}")) {
      // the search index names documents by their store id (search.store.StoreFeed)
      if (contentId.matches("[0-9]{1,15}")) {
        long id = Long.parseLong(contentId);
        return db.read("read the corpus", c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT id FROM documents WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(id) : Optional.empty();
            }
          }
        });
      }
      return Optional.empty();
    }
    return db.read("read the corpus", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM documents WHERE content_hash >= ?"
          + " AND content_hash < ? ORDER BY id DESC")) {
        ps.setString(1, contentId);
        ps.setString(2, contentId + "g");
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<Long> idsOf(List<String> contentIds) {
    List<Long> out = new ArrayList<>();
    for (String cid : contentIds) {
      idOf(cid).filter(id -> !out.contains(id)).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public List<String> sources() {
    return strings("SELECT DISTINCT s.name FROM sources s JOIN documents d ON d.source_id = s.id"
        + " WHERE EXISTS (SELECT 1 FROM locations lo WHERE lo.document_id = d.id) ORDER BY s.name");
  }

  private List<String> strings(String sql) {
    return db.read("read the corpus", c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  /** Rows of a dashboard aggregate: the group columns then a count. */
  private List<List<Object>> rows(String sql, int groups) {
    return db.read("read the corpus", c -> {
      List<List<Object>> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= groups; i++) {
            row.add(rs.getString(i));
          }
          row.add(rs.getLong(groups + 1));
          out.add(row);
        }
      }
      return out;
    });
  }

  @Override
  public long analysesWithLabel(String dimension, String label) {
    return db.read("read the corpus", c -> db.queryLong(c, "SELECT count(DISTINCT l.analysis_id) FROM labels l"
        + " WHERE l.dimension = ? AND l.label = ?", dimension, label));
  }

  private static final String CURRENT = "EXISTS (SELECT 1 FROM locations lo WHERE lo.document_id = d.id)";

  /** The document-level labels the narratives chart counts. */
  private static final String NARRATIVE = "l.unit_id IS NULL AND l.dimension = 'narrative'";
  /** The document-level labels the stance chart counts. */
  private static final String STANCE = "l.unit_id IS NULL AND l.dimension = 'stance'"
      + " AND l.label IN ('favor', 'against')";

  private static String sql(DashboardLabels labels) {
    return switch (labels) {
      case NARRATIVE -> NARRATIVE;
      case STANCE -> STANCE;
    };
  }

  @Override
  public List<List<Object>> narrativesByMonth() {
    return rows("SELECT substr(d.published, 1, 7) AS m, l.label, count(DISTINCT d.id) FROM labels l"
        + " JOIN documents d ON d.id = l.document_id JOIN analyses a ON a.id = l.analysis_id"
        + " WHERE " + NARRATIVE + " AND d.published IS NOT NULL AND " + CURRENT
        + " GROUP BY substr(d.published, 1, 7), l.label ORDER BY m, l.label", 2);
  }

  @Override
  public List<List<Object>> documentsByMonth(DashboardLabels labels) {
    return rows("SELECT substr(d.published, 1, 7) AS m, count(DISTINCT d.id) FROM labels l"
        + " JOIN documents d ON d.id = l.document_id JOIN analyses a ON a.id = l.analysis_id"
        + " WHERE " + sql(labels) + " AND d.published IS NOT NULL AND " + CURRENT
        + " GROUP BY substr(d.published, 1, 7) ORDER BY m", 1);
  }

  @Override
  public long undated(DashboardLabels labels) {
    List<List<Object>> r = rows("SELECT 'undated', count(DISTINCT d.id) FROM labels l"
        + " JOIN documents d ON d.id = l.document_id JOIN analyses a ON a.id = l.analysis_id"
        + " WHERE " + sql(labels) + " AND d.published IS NULL AND " + CURRENT, 1);
    return r.isEmpty() ? 0 : (Long) r.getFirst().get(1);
  }

  @Override
  public List<List<Object>> positionsBySource() {
    return rows("SELECT s.name, a.position, count(*) FROM analyses a JOIN documents d ON d.id = a.document_id"
        + " JOIN sources s ON s.id = d.source_id WHERE a.position IS NOT NULL AND " + CURRENT
        + " GROUP BY s.name, a.position ORDER BY s.name, a.position", 2);
  }

  @Override
  public List<List<Object>> stanceByMonth() {
    return rows("SELECT substr(d.published, 1, 7) AS m, l.target, l.label, count(DISTINCT d.id) FROM labels l"
        + " JOIN documents d ON d.id = l.document_id JOIN analyses a ON a.id = l.analysis_id"
        + " WHERE " + STANCE + " AND d.published IS NOT NULL AND " + CURRENT
        + " GROUP BY substr(d.published, 1, 7), l.target, l.label ORDER BY m, l.target, l.label", 3);
  }

  @Override
  public List<List<Object>> narrativeCooccurrence() {
    return rows("SELECT x.label, y.label, count(*) FROM labels x JOIN labels y ON y.analysis_id = x.analysis_id"
        + " AND y.unit_id IS NULL AND y.dimension = 'narrative' AND x.label < y.label"
        + " JOIN documents d ON d.id = x.document_id"
        + " WHERE x.unit_id IS NULL AND x.dimension = 'narrative' AND " + CURRENT
        + " GROUP BY x.label, y.label ORDER BY x.label, y.label", 2);
  }
}
