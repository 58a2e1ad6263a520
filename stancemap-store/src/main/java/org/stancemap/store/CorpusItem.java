package org.stancemap.store;

import java.util.List;
import java.util.Map;
import org.stancemap.json.Json;

/**
 * One document of a {@link CorpusListing}.
 *
 * @param title the stored title, else the text's first line when short, else null
 * @param excerpt the text's start ({@link CorpusQueries#excerpt})
 * @param stance the document-level stance per target: {@code {"label", "score"}}
 * @param narratives the document-level narratives, highest score first
 * @param techniques the document-level techniques, highest score first
 */
public record CorpusItem(long id, String contentId, String title, String source, String url, String published,
    String position, Double positionScore, String excerpt, Map<String, Json> stance, List<String> narratives,
    List<String> techniques) {}
