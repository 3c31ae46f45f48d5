#![allow(clippy::unwrap_used)]
// Case tables read best inline.
#![allow(clippy::type_complexity)]

use super::*;
use crate::analyze;
use proptest::prelude::*;

fn quotes(
    text: &str,
    entities: &[(&str, EntityKind)],
) -> Vec<(String, Option<String>, Option<String>)> {
    // Entity spans from their first occurrence in the text.
    let spans: Vec<(u32, u32, EntityKind)> = entities
        .iter()
        .map(|(name, kind)| {
            let b = text.find(name).unwrap();
            let s = text[..b].chars().count() as u32;
            (s, s + name.chars().count() as u32, *kind)
        })
        .collect();
    let out = QuoteExtractor::new().extract(text, &analyze(text), &spans);
    for q in &out {
        let chars: Vec<char> = text.chars().collect();
        let s: String = chars[q.start as usize..q.end as usize].iter().collect();
        assert_eq!(s, q.text);
        if let (Some(name), Some((a, b))) = (&q.speaker, q.speaker_span) {
            let s: String = chars[a as usize..b as usize].iter().collect();
            assert_eq!(&s, name);
        }
    }
    out.into_iter()
        .map(|q| (q.text, q.speaker, q.verb))
        .collect()
}

fn q(
    text: &str,
    speaker: Option<&str>,
    verb: Option<&str>,
) -> (String, Option<String>, Option<String>) {
    (
        text.to_owned(),
        speaker.map(str::to_owned),
        verb.map(str::to_owned),
    )
}

#[test]
fn speakers_before_and_after() {
    assert_eq!(
        quotes(
            "قال نورلاند في تصريح لوسائل الإعلام “إن الحوار هو الطريق الوحيد”.",
            &[("نورلاند", EntityKind::Per)]
        ),
        vec![q("إن الحوار هو الطريق الوحيد", Some("نورلاند"), Some("قال"))]
    );
    assert_eq!(
        quotes(
            "«لن نسمح بعودة الحرب»، أكد عبد الحميد الدبيبة في كلمته.",
            &[("عبد الحميد الدبيبة", EntityKind::Per)]
        ),
        vec![q(
            "لن نسمح بعودة الحرب",
            Some("عبد الحميد الدبيبة"),
            Some("أكد")
        )]
    );
    // No entity: the title phrase after the verb.
    assert_eq!(
        quotes(
            "وقال وزير الخارجية الليبي في مؤتمر صحفي: «سنواصل العمل مع الشركاء».",
            &[]
        ),
        vec![q(
            "سنواصل العمل مع الشركاء",
            Some("وزير الخارجية الليبي"),
            Some("وقال")
        )]
    );
    // Entity before the verb.
    assert_eq!(
        quotes(
            "الأمم المتحدة قالت: \"الوضع الإنساني يتدهور بسرعة\".",
            &[("الأمم المتحدة", EntityKind::Org)]
        ),
        vec![q(
            "الوضع الإنساني يتدهور بسرعة",
            Some("الأمم المتحدة"),
            Some("قالت")
        )]
    );
    // A verb with no subject inherits the previous speaker.
    assert_eq!(
        quotes(
            "قال الدبيبة: «نريد الانتخابات هذا العام». وأضاف: «لا بديل عن الحوار الوطني».",
            &[("الدبيبة", EntityKind::Per)]
        ),
        vec![
            q("نريد الانتخابات هذا العام", Some("الدبيبة"), Some("قال")),
            q("لا بديل عن الحوار الوطني", Some("الدبيبة"), Some("وأضاف"))
        ]
    );
    // A colon ties the quote to the verb before it, not to the one after.
    assert_eq!(
        quotes(
            "قال الدبيبة: «نريد الانتخابات هذا العام» وأضاف أن الحوار مستمر.",
            &[("الدبيبة", EntityKind::Per)]
        ),
        vec![q("نريد الانتخابات هذا العام", Some("الدبيبة"), Some("قال"))]
    );
    // Reversed marks from right-to-left editors.
    assert_eq!(
        quotes("وقالت الوزارة ”نرفض هذه الاتهامات جملة وتفصيلا“", &[]),
        vec![q(
            "نرفض هذه الاتهامات جملة وتفصيلا",
            Some("الوزارة"),
            Some("وقالت")
        )]
    );
}

#[test]
fn real_style_snippets_with_entities() {
    let per = EntityKind::Per;
    let cases: &[(&str, &[(&str, EntityKind)], &str, &str)] = &[
        (
            "وقال المتحدث باسم الجيش الليبي أحمد المسماري، في مؤتمر صحفي، إن «القوات تقدمت نحو المدينة».",
            &[("أحمد المسماري", per), ("الجيش الليبي", EntityKind::Org)],
            "القوات تقدمت نحو المدينة",
            "أحمد المسماري",
        ),
        (
            "«لن نتراجع عن هذا القرار»، قالت وزيرة الخارجية نجلاء المنقوش.",
            &[("نجلاء المنقوش", per)],
            "لن نتراجع عن هذا القرار",
            "نجلاء المنقوش",
        ),
        (
            "وأكد رئيس المجلس الرئاسي محمد المنفي أن \"الانتخابات ستجرى في موعدها المحدد\".",
            &[("محمد المنفي", per)],
            "الانتخابات ستجرى في موعدها المحدد",
            "محمد المنفي",
        ),
        (
            "\"We will not stop now,\" said John Smith, the spokesman.",
            &[("John Smith", per)],
            "We will not stop now,",
            "John Smith",
        ),
        (
            "وأضافت وكالة الأنباء الليبية أن المجلس “سيعقد جلسة طارئة يوم الأحد المقبل”.",
            &[("وكالة الأنباء الليبية", EntityKind::Org)],
            "سيعقد جلسة طارئة يوم الأحد المقبل",
            "وكالة الأنباء الليبية",
        ),
    ];
    for (text, entities, quote, speaker) in cases {
        assert_eq!(
            quotes(text, entities),
            vec![(
                quote.to_string(),
                Some(speaker.to_string()),
                quotes(text, entities)[0].2.clone()
            )],
            "{text}"
        );
    }
}

#[test]
fn quoted_names_are_not_quotes() {
    assert_eq!(quotes("نقلت وكالة “نوفا” الإيطالية عن مصدر", &[]), vec![]);
    assert_eq!(
        quotes("قاتل عناصر “الفيلق الأفريقي” في المدينة", &[]),
        vec![]
    );
    // Nested: the outer quote wins.
    assert_eq!(
        quotes(
            "قال المتحدث: «نحن نرفض ما يسمى “الفيلق الأفريقي” في بلادنا»",
            &[]
        ),
        vec![q(
            "نحن نرفض ما يسمى “الفيلق الأفريقي” في بلادنا",
            Some("المتحدث"),
            Some("قال")
        )]
    );
    assert_eq!(
        quotes("English: \"we will win this war\", he said.", &[]),
        vec![q("we will win this war", Some("he"), Some("said"))]
    );
}

#[test]
fn reported_sources_speak_after_an() {
    assert_eq!(
        quotes(
            "ونقلت وكالة الأنباء السعودية عن مصدر مسؤول قوله: \"إن المملكة تدين هذا العمل\".",
            &[("وكالة الأنباء السعودية", EntityKind::Org)],
        ),
        vec![q(
            "إن المملكة تدين هذا العمل",
            Some("مصدر مسؤول"),
            Some("ونقلت")
        )]
    );
}

#[test]
fn between_is_no_speech_verb() {
    // بين without its shadda is "between": the quote has no verb, and no speaker.
    let got = quotes(
        "جرت محادثات بين الطرفين: «نريد حلا سريعا للأزمة في المنطقة»",
        &[],
    );
    assert!(
        got.iter()
            .all(|(_, _, verb)| verb.as_deref() != Some("بين")),
        "{got:?}"
    );
}

#[test]
fn extractor_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<QuoteExtractor>();
}

proptest! {
    #[test]
    fn spans_match_text(text in "[قال أكد الوزير«»“”\"\n،:\\.a-z]{0,80}") {
        let chars: Vec<char> = text.chars().collect();
        let analysis = analyze(&text);
        let n = chars.len() as u32;
        let entities = [(0u32, n.min(3), EntityKind::Per)];
        for q in QuoteExtractor::new().extract(&text, &analysis, &entities) {
            prop_assert!(q.start < q.end && q.end <= n);
            let s: String = chars[q.start as usize..q.end as usize].iter().collect();
            prop_assert_eq!(&s, &q.text);
            if let (Some(name), Some((a, b))) = (&q.speaker, q.speaker_span) {
                let s: String = chars[a as usize..b as usize].iter().collect();
                prop_assert_eq!(&s, name);
            }
            prop_assert!((q.sentence as usize) < analysis.sentences.len());
        }
    }
}
