//! khabar-aggregate on real text: `SaudiNewsNet` from `../shared` (fails loudly when missing).

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test stops on bad setup

#[path = "common/corpus.rs"]
mod corpus;

use khabar_aggregate::{
    AggregateOptions, BoilerplateSet, CorpusState, DEFAULT_MAX_LINE_CHARS, DEFAULT_MIN_DOCS,
    DEFAULT_MIN_FRACTION, DocFacts, DuplicateKind, LineStats, MinHasher, exact_hash,
    strip_boilerplate,
};
use std::collections::HashSet;

#[test]
fn exact_duplicates_of_earlier_articles_are_found() {
    let contents = corpus::saudinewsnet_contents(18);
    let mut seen = HashSet::new();
    let mut duplicates = 0usize;
    for content in contents.iter().filter(|c| !c.trim().is_empty()) {
        if !seen.insert(exact_hash(&khabar_normalize::search_key(content))) {
            duplicates += 1;
        }
    }
    eprintln!("exact duplicates of earlier articles: {duplicates}");
    assert!(
        duplicates >= 772,
        "found only {duplicates} exact duplicates, expected at least 772"
    );
}

#[test]
fn clusters_on_three_days_with_lsh_state_size() {
    let articles = corpus::saudinewsnet_sourced_contents(3);
    let hasher = MinHasher::default();
    let mut shards = [CorpusState::new(), CorpusState::new()];
    let mut expected_exact = 0usize;
    let mut seen = HashSet::new();
    for (i, (source, content)) in articles.iter().enumerate() {
        let key = khabar_normalize::search_key(content);
        let facts = DocFacts {
            order: (0, i as u64),
            doc_id: format!("snn-{i}"),
            source: source.clone(),
            published: Some(1_437_436_800_000_000 + (i as i64 % 3) * 86_400_000_000),
            chars: content.chars().count() as u64,
            exact_hash: exact_hash(&key),
            minhash: Some(hasher.signature(&key)),
            terms: khabar_aggregate::words(&key).collect(),
            entities: Vec::new(),
        };
        if !content.trim().is_empty() && !seen.insert(facts.exact_hash) {
            expected_exact += 1;
        }
        shards[i % 2].add(facts);
    }
    let [mut state, other] = shards;
    state.merge(other);
    let tables = state.finish(&AggregateOptions::default());
    let size = state.size();
    eprintln!(
        "{} docs: LSH state {} bytes/doc; {} distinct terms, {} bytes/term",
        size.documents,
        size.document_bytes / size.documents.max(1),
        size.terms,
        size.term_bytes / size.terms.max(1)
    );
    let exact_members = tables
        .clusters
        .iter()
        .filter(|r| r.kind == DuplicateKind::Exact && r.doc_id != r.cluster_id)
        .count();
    let near_members = tables
        .clusters
        .iter()
        .filter(|r| r.kind == DuplicateKind::Near && r.doc_id != r.cluster_id)
        .count();
    eprintln!(
        "clusters: {} rows, {exact_members} exact members, {near_members} near members",
        tables.clusters.len()
    );
    if std::env::var_os("KHABAR_SHOW_NEAR").is_some() {
        let text_of = |id: &str| -> String {
            let i: usize = id.trim_start_matches("snn-").parse().unwrap_or(0);
            articles[i]
                .1
                .chars()
                .take(90)
                .collect::<String>()
                .replace('\n', " ")
        };
        for row in tables
            .clusters
            .iter()
            .filter(|r| r.kind == DuplicateKind::Near && r.doc_id != r.cluster_id)
            .step_by(40)
        {
            eprintln!(
                "{:.2}\n  {}\n  {}",
                row.similarity,
                text_of(&row.cluster_id),
                text_of(&row.doc_id)
            );
        }
    }
    // Every exact duplicate of an earlier article is a non-representative member.
    assert!(exact_members + near_members >= expected_exact);
    assert!(
        exact_members > 0 && near_members > 0,
        "expected both exact and near duplicates in three days of news"
    );
    for row in tables
        .clusters
        .iter()
        .filter(|r| r.kind == DuplicateKind::Near && r.doc_id != r.cluster_id)
    {
        assert!(row.similarity > 0.0 && row.similarity < 1.0 + f64::EPSILON);
    }
    // Bounded state for the 10x run (310k documents) target: well under 1 GiB.
    assert!(size.document_bytes / size.documents.max(1) < 1024);
    assert!(!tables.terms.is_empty() && tables.terms.iter().all(|t| t.documents >= 2));
    assert_eq!(
        tables.daily.iter().map(|d| d.documents).sum::<u64>(),
        articles.len() as u64
    );
}

#[test]
fn boilerplate_prepass_finds_footers_not_content() {
    let articles = corpus::saudinewsnet_sourced_contents(18);
    let mut stats = LineStats::new();
    for (source, content) in &articles {
        stats.add_document(source.as_deref(), content);
    }
    let set = stats.decide(DEFAULT_MIN_DOCS, DEFAULT_MIN_FRACTION);
    eprintln!(
        "{} distinct short lines; {} boilerplate rows",
        stats.distinct_lines(),
        set.rows().len()
    );
    for row in set.rows() {
        eprintln!(
            "  {:>4} {:<12} {}",
            row.documents,
            row.source.as_deref().unwrap_or("-"),
            row.line
        );
    }
    let lines: Vec<&str> = set.rows().iter().map(|r| r.line.as_str()).collect();
    assert!(
        lines.contains(&"// انتهى //"),
        "the agency end mark of `was` must be found"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("للتواصل مع الكاتب")),
        "the SMS footer must be found"
    );
    assert!(
        !lines.iter().any(|l| l.contains("الموافق")),
        "agency datelines carry the date and must stay"
    );
    // Content is not flagged: boilerplate lines are short, and no flagged line is running
    // text (more than 12 words ending in a full stop). This caught a `Next Previous*` prefix
    // pattern that swallowed the first sentence of 3alyoum articles.
    for line in &lines {
        assert!(line.chars().count() <= DEFAULT_MAX_LINE_CHARS);
        let running_text =
            line.split_whitespace().count() > 12 && line.trim_end().ends_with(['.', '؟', '!']);
        assert!(
            !running_text,
            "a sentence of content was flagged as boilerplate: {line}"
        );
    }
    let mut stripped_docs = 0usize;
    let mut emptied = 0usize;
    for (source, content) in &articles {
        if let Some(s) = strip_boilerplate(content, source.as_deref(), &set) {
            stripped_docs += 1;
            if s.text.trim().is_empty() {
                emptied += 1;
            }
            let input: Vec<char> = content.chars().collect();
            for (i, c) in s.text.chars().enumerate() {
                assert_eq!(input.get(s.offsets.to_raw(i)), Some(&c));
            }
        }
    }
    eprintln!("{stripped_docs} documents stripped, {emptied} emptied");
    assert!(stripped_docs > 0);
    let known_only = articles
        .iter()
        .filter(|(s, c)| {
            strip_boilerplate(c, s.as_deref(), &BoilerplateSet::known_only()).is_some()
        })
        .count();
    eprintln!("{known_only} documents stripped by known lines alone");
    assert!(known_only > 0);
}
