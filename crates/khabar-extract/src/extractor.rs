//! All per-document extractors behind one call that folds and scans the text once.

use crate::cue_scan::CueScanner;
use crate::fold::Folded;
use crate::{AmountExtractor, Analysis, DateExtractor, QuoteExtractor};
use khabar_core::{Amount, DateMention, EntityKind, Quote};

/// Dates, quotes and amounts of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// Date mentions in text order.
    pub dates: Vec<DateMention>,
    /// Quotes in text order.
    pub quotes: Vec<Quote>,
    /// Amounts in text order.
    pub amounts: Vec<Amount>,
}

/// Runs the date, quote and amount extractors together, sharing the folded text and one
/// cue scan; the results equal those of the separate extractors. Build once; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Extractor {
    scanner: CueScanner,
    quotes: QuoteExtractor,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

impl Extractor {
    /// Builds the shared cue automaton.
    #[must_use]
    pub fn new() -> Self {
        Self {
            scanner: CueScanner::new(),
            quotes: QuoteExtractor::new(),
        }
    }

    /// Dates (anchored on `published`, microseconds since the epoch), quotes (speakers
    /// from `entities`, code-point spans with their kind) and amounts of `text`.
    #[must_use]
    pub fn extract(
        &self,
        text: &str,
        analysis: &Analysis,
        published: Option<i64>,
        lang: Option<&str>,
        entities: &[(u32, u32, EntityKind)],
    ) -> Extracted {
        let folded = Folded::new(text);
        let hits = self.scanner.scan(&folded.text);
        Extracted {
            dates: DateExtractor::extract_folded(text, &folded, &hits, published, lang),
            quotes: self.quotes.extract(text, analysis, entities),
            amounts: AmountExtractor::extract_folded(text, &folded, &hits, analysis),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::analyze;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::new);

    proptest! {
        /// Any text, any anchor: no panic, and every span reads back its own text.
        #[test]
        fn arbitrary_input_never_panics(text in any::<String>(), published in any::<Option<i64>>()) {
            let analysis = analyze(&text);
            let chars: Vec<char> = text.chars().collect();
            let n = chars.len() as u32;
            let entities = [(0, n.min(2), EntityKind::Per), (n / 2, n, EntityKind::Org)];
            let found = EXTRACTOR.extract(&text, &analysis, published, Some("eng"), &entities);
            let read = |s: u32, e: u32| chars[s as usize..e as usize].iter().collect::<String>();
            for d in &found.dates {
                prop_assert!(d.start < d.end && d.end <= n);
                prop_assert_eq!(read(d.start, d.end), d.text.clone());
            }
            for a in &found.amounts {
                prop_assert!(a.start < a.end && a.end <= n);
                prop_assert_eq!(read(a.start, a.end), a.text.clone());
            }
            for q in &found.quotes {
                prop_assert!(q.start < q.end && q.end <= n);
                prop_assert_eq!(read(q.start, q.end), q.text.clone());
            }
            let _ = crate::detect_language(&text);
        }
    }

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn equals_the_separate_extractors() {
        let text = "قال الوزير أمس: «بلغت الصادرات 3.5 مليار دولار في 15 مارس 2024 وارتفعت 5% عن العام الماضي».";
        let analysis = analyze(text);
        let published = Some(1_711_000_000_000_000);
        let all = Extractor::new().extract(text, &analysis, published, Some("ara"), &[]);
        assert_eq!(
            all.dates,
            DateExtractor::new().extract(text, published, Some("ara"))
        );
        assert_eq!(all.amounts, AmountExtractor::new().extract(text, &analysis));
        assert_eq!(
            all.quotes,
            QuoteExtractor::new().extract(text, &analysis, &[])
        );
        assert_eq!(all.dates.len(), 3);
        assert_eq!(all.amounts.len(), 2);
        assert_eq!(all.quotes.len(), 1);
        assert_send_sync::<Extractor>();
    }
}
