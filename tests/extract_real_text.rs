//! khabar-extract on real articles: the first SaudiNewsNet daily archive (2015-07-21).
//!
//! Checks invariants on every article (sentences cover the text, spans equal their text,
//! values are valid) and lower bounds on counts measured on this archive, so a regression
//! that silently finds nothing fails.

// Test code: a missing corpus or a broken invariant should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/corpus.rs"]
mod corpus;

use khabar_core::{Calendar, DatePrecision};
use khabar_extract::{Extractor, analyze, detect_language};

/// Noon UTC on 2015-07-21, the day the first archive was collected.
const PUBLISHED: Option<i64> = Some(1_437_480_000_000_000);

fn slice_cp(chars: &[char], start: u32, end: u32) -> String {
    chars[start as usize..end as usize].iter().collect()
}

#[test]
fn first_archive_extracts_plausibly() {
    let texts = corpus::saudinewsnet_contents(1);
    assert!(
        texts.len() > 2000,
        "expected a few thousand articles, got {}",
        texts.len()
    );
    let extractor = Extractor::new();
    let (mut long, mut arabic, mut sentences, mut tokens) = (0usize, 0usize, 0usize, 0usize);
    let (mut dates, mut dates_2015, mut day_dates, mut hijri) = (0usize, 0usize, 0usize, 0usize);
    let (mut amounts, mut currency, mut percent) = (0usize, 0usize, 0usize);
    let (mut quotes, mut attributed) = (0usize, 0usize);
    for text in &texts {
        let chars: Vec<char> = text.chars().collect();
        // A few records are empty or a stray word ("Array"): language needs some text.
        if text.trim().len() >= 200 {
            long += 1;
            if detect_language(text) == Some("ara") {
                arabic += 1;
            }
        }
        let analysis = analyze(text);
        // Sentences are ordered, trimmed and cover every non-space char.
        let mut covered = vec![false; chars.len()];
        let mut last = 0;
        for s in &analysis.sentences {
            assert!(s.start >= last && s.start < s.end);
            last = s.end;
            let t = slice_cp(&chars, s.start, s.end);
            assert_eq!(s.text(text), t);
            assert_eq!(t.trim(), t);
            covered[s.start as usize..s.end as usize]
                .iter_mut()
                .for_each(|c| *c = true);
        }
        assert!(
            chars
                .iter()
                .zip(&covered)
                .all(|(c, cov)| *cov || c.is_whitespace())
        );
        for t in &analysis.tokens {
            assert_eq!(t.text(text), slice_cp(&chars, t.start, t.end));
            let s = analysis.sentences[t.sentence as usize];
            assert!(s.start <= t.start && t.end <= s.end);
        }
        sentences += analysis.sentences.len();
        tokens += analysis.tokens.len();

        let found = extractor.extract(text, &analysis, PUBLISHED, Some("ara"), &[]);
        for d in &found.dates {
            assert_eq!(d.text, slice_cp(&chars, d.start, d.end));
            let value = d
                .value
                .as_deref()
                .expect("every date resolves with an anchor");
            let parts: Vec<i64> = value.split('-').map(|p| p.parse().unwrap()).collect();
            let want = match d.precision {
                DatePrecision::Year => 1,
                DatePrecision::Month => 2,
                DatePrecision::Day => 3,
            };
            assert_eq!(parts.len(), want, "{value}");
            if d.precision == DatePrecision::Day {
                assert!(
                    (1..=12).contains(&parts[1]) && (1..=31).contains(&parts[2]),
                    "{value}"
                );
                assert!(d.date.is_some());
                day_dates += 1;
            }
            if d.calendar == Calendar::Hijri {
                hijri += 1;
            } else {
                assert!((1700..=2200).contains(&parts[0]), "{value} from {}", d.text);
            }
            if value.starts_with("2015") {
                dates_2015 += 1;
            }
        }
        for a in &found.amounts {
            assert_eq!(a.text, slice_cp(&chars, a.start, a.end));
            assert!(a.value.is_finite() && a.value >= 0.0);
            match a.unit.as_deref() {
                Some("%") => percent += 1,
                Some(u) if u.is_ascii() && u.len() == 3 => currency += 1,
                _ => {}
            }
        }
        for q in &found.quotes {
            assert_eq!(q.text, slice_cp(&chars, q.start, q.end));
            if let (Some(name), Some((s, e))) = (&q.speaker, q.speaker_span) {
                assert_eq!(*name, slice_cp(&chars, s, e));
                attributed += 1;
            }
        }
        dates += found.dates.len();
        amounts += found.amounts.len();
        quotes += found.quotes.len();
    }
    let n = texts.len();
    let counts = format!(
        "articles {n} (long {long}) arabic {arabic} sentences {sentences} tokens {tokens} dates {dates} (2015: {dates_2015}, day: {day_dates}, hijri: {hijri}) amounts {amounts} (currency {currency}, percent {percent}) quotes {quotes} (attributed {attributed})"
    );
    eprintln!("{counts}");
    // Lower bounds at about 80% of what this archive gave when they were set: 2972
    // articles, 35.5k sentences, 1.2M tokens, 6.0k dates (3.8k in 2015, 3.6k days, 306
    // Hijri), 11.2k amounts (1.8k currency, 1.5k percent), 5.0k quotes (2.4k attributed).
    assert!(arabic * 100 >= long * 98, "{counts}");
    assert!(sentences * 2 >= n * 19, "{counts}");
    assert!(tokens >= n * 320, "{counts}");
    assert!(dates * 5 >= n * 8, "{counts}");
    assert!(dates_2015 >= n, "{counts}");
    assert!(day_dates >= n, "{counts}");
    assert!(hijri * 15 >= n, "{counts}");
    assert!(amounts >= n * 3, "{counts}");
    assert!(currency * 2 >= n, "{counts}");
    assert!(percent * 5 >= n * 2, "{counts}");
    assert!(quotes * 3 >= n * 4, "{counts}");
    // Without NER spans the speaker comes from verbs and title phrases only.
    assert!(attributed * 5 >= quotes * 2, "{counts}");
}
