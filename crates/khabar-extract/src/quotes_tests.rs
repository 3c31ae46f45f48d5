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

/// Held-out style snippets from Arabic and English news copy: a case is right when the
/// quote's text and speaker are (entities as the NER tagger would give them).
#[test]
fn news_agency_snippets() {
    let (per, org) = (EntityKind::Per, EntityKind::Org);
    let cases: &[(&str, &[(&str, EntityKind)], &[(&str, Option<&str>)])] = &[
        (
            "وقال وزير الخارجية الأمير فيصل بن فرحان: \"إن المملكة تقف إلى جانب الشعب الفلسطيني\".",
            &[("فيصل بن فرحان", per)],
            &[(
                "إن المملكة تقف إلى جانب الشعب الفلسطيني",
                Some("فيصل بن فرحان"),
            )],
        ),
        (
            "وأوضح المتحدث الرسمي لوزارة الصحة محمد العبدالعالي أن \"الوضع الصحي مطمئن ولا يدعو للقلق\".",
            &[("محمد العبدالعالي", per)],
            &[("الوضع الصحي مطمئن ولا يدعو للقلق", Some("محمد العبدالعالي"))],
        ),
        // A quote of two sentences.
        (
            "وقال الأمين العام للأمم المتحدة أنطونيو غوتيريش: «الوضع في غزة كارثي. يجب وقف إطلاق النار فورا».",
            &[("أنطونيو غوتيريش", per)],
            &[(
                "الوضع في غزة كارثي. يجب وقف إطلاق النار فورا",
                Some("أنطونيو غوتيريش"),
            )],
        ),
        (
            "«سنعمل على تعزيز التعاون الاقتصادي بين البلدين»، بحسب ما قال وزير التجارة ماجد القصبي.",
            &[("ماجد القصبي", per)],
            &[(
                "سنعمل على تعزيز التعاون الاقتصادي بين البلدين",
                Some("ماجد القصبي"),
            )],
        ),
        (
            "\"لا تراجع عن الإصلاحات\"، يقول رئيس الوزراء.",
            &[],
            &[("لا تراجع عن الإصلاحات", Some("رئيس الوزراء"))],
        ),
        (
            "وأضاف السفير: ”العلاقات بين البلدين تاريخية“.",
            &[],
            &[("العلاقات بين البلدين تاريخية", Some("السفير"))],
        ),
        (
            "\"نرحب بأي مبادرة تنهي الحرب\"، قال المتحدث باسم الخارجية القطرية ماجد الأنصاري في مؤتمر صحفي.",
            &[("ماجد الأنصاري", per)],
            &[("نرحب بأي مبادرة تنهي الحرب", Some("ماجد الأنصاري"))],
        ),
        (
            "وقال الرئيس الفرنسي إيمانويل ماكرون إن «أوروبا يجب أن تستعد لكل الاحتمالات». وتابع: «نحن مستعدون للحوار دون شروط مسبقة».",
            &[("إيمانويل ماكرون", per)],
            &[
                ("أوروبا يجب أن تستعد لكل الاحتمالات", Some("إيمانويل ماكرون")),
                ("نحن مستعدون للحوار دون شروط مسبقة", Some("إيمانويل ماكرون")),
            ],
        ),
        (
            "الرئيس الأمريكي جو بايدن قال في خطاب: \"لن نتخلى عن حلفائنا في المنطقة\".",
            &[("جو بايدن", per)],
            &[("لن نتخلى عن حلفائنا في المنطقة", Some("جو بايدن"))],
        ),
        (
            "من جهته، أكد مدير عام الدفاع المدني في بيان أن \"فرق الإنقاذ تعمل على مدار الساعة\".",
            &[],
            &[(
                "فرق الإنقاذ تعمل على مدار الساعة",
                Some("مدير عام الدفاع المدني"),
            )],
        ),
        (
            "\"We are deeply concerned,\" the spokesperson told reporters on Monday.",
            &[],
            &[("We are deeply concerned,", Some("the spokesperson"))],
        ),
        (
            "Secretary of State Antony Blinken said: \"The United States remains committed to a two-state solution.\"",
            &[("Antony Blinken", per)],
            &[(
                "The United States remains committed to a two-state solution.",
                Some("Antony Blinken"),
            )],
        ),
        (
            "\"This is a historic day for our country,\" said Prime Minister Benjamin Netanyahu.",
            &[("Benjamin Netanyahu", per)],
            &[(
                "This is a historic day for our country,",
                Some("Benjamin Netanyahu"),
            )],
        ),
        (
            "وقال المتحدث: “ما يسمى «الخطة البديلة» لن ينجح”.",
            &[],
            &[("ما يسمى «الخطة البديلة» لن ينجح", Some("المتحدث"))],
        ),
        (
            "ونقلت قناة العربية عن مصادر مطلعة قولها إن \"المفاوضات وصلت إلى مراحلها الأخيرة\".",
            &[("قناة العربية", org)],
            &[("المفاوضات وصلت إلى مراحلها الأخيرة", Some("مصادر مطلعة"))],
        ),
        (
            "وأشار الوزير إلى أن \"المشروع سيوفر أكثر من 5 آلاف فرصة عمل\".",
            &[],
            &[("المشروع سيوفر أكثر من 5 آلاف فرصة عمل", Some("الوزير"))],
        ),
        // Speech verbs of news copy beyond قال/أكد.
        (
            "وأردف السفير: «نحن نعمل مع شركائنا لإيجاد حل».",
            &[],
            &[("نحن نعمل مع شركائنا لإيجاد حل", Some("السفير"))],
        ),
        (
            "وكشف الوزير أن \"العمل جار على إطلاق المرحلة الثانية\".",
            &[],
            &[("العمل جار على إطلاق المرحلة الثانية", Some("الوزير"))],
        ),
        (
            "وعلق المتحدث على القرار قائلا: «إنه خطوة في الاتجاه الصحيح».",
            &[],
            &[("إنه خطوة في الاتجاه الصحيح", Some("المتحدث"))],
        ),
        (
            "«المملكة ماضية في تنفيذ رؤيتها»، هذا ما أكده ولي العهد الأمير محمد بن سلمان.",
            &[("محمد بن سلمان", per)],
            &[("المملكة ماضية في تنفيذ رؤيتها", Some("محمد بن سلمان"))],
        ),
        (
            "وقالت منظمة الصحة العالمية في بيان: «إن أكثر من نصف المستشفيات خرجت عن الخدمة».",
            &[("منظمة الصحة العالمية", org)],
            &[(
                "إن أكثر من نصف المستشفيات خرجت عن الخدمة",
                Some("منظمة الصحة العالمية"),
            )],
        ),
        // Second batch, written after the first fixes.
        (
            "وقال الرئيس التنفيذي لأرامكو أمين الناصر: \"نتوقع أن يظل الطلب على النفط قويا\".",
            &[("أمين الناصر", per)],
            &[("نتوقع أن يظل الطلب على النفط قويا", Some("أمين الناصر"))],
        ),
        (
            "وتابعت الوزارة في بيانها: «ستتخذ الإجراءات النظامية بحق المخالفين».",
            &[],
            &[("ستتخذ الإجراءات النظامية بحق المخالفين", Some("الوزارة"))],
        ),
        (
            "\"لن نسمح بذلك أبدا\"، قالها بوضوح الرئيس التركي رجب طيب أردوغان.",
            &[("رجب طيب أردوغان", per)],
            &[("لن نسمح بذلك أبدا", Some("رجب طيب أردوغان"))],
        ),
        (
            "وأكدت الهيئة العامة للأرصاد في تقريرها أن \"درجات الحرارة ستشهد ارتفاعا ملحوظا\".",
            &[("الهيئة العامة للأرصاد", org)],
            &[(
                "درجات الحرارة ستشهد ارتفاعا ملحوظا",
                Some("الهيئة العامة للأرصاد"),
            )],
        ),
        (
            "ويقول الخبراء إن \"الأسواق تمر بمرحلة تصحيح طبيعية\".",
            &[],
            &[("الأسواق تمر بمرحلة تصحيح طبيعية", Some("الخبراء"))],
        ),
        (
            "وصرح مصدر مسؤول بأن «المملكة ترفض رفضا قاطعا هذه التصريحات».",
            &[],
            &[("المملكة ترفض رفضا قاطعا هذه التصريحات", Some("مصدر مسؤول"))],
        ),
        (
            "The minister told Reuters: \"We expect growth to exceed 4 percent.\"",
            &[("Reuters", org)],
            &[(
                "We expect growth to exceed 4 percent.",
                Some("The minister"),
            )],
        ),
        (
            "\"نحن أمام مرحلة جديدة\"، أضاف الأمير عبدالعزيز بن سلمان وزير الطاقة.",
            &[("عبدالعزيز بن سلمان", per)],
            &[("نحن أمام مرحلة جديدة", Some("عبدالعزيز بن سلمان"))],
        ),
        (
            "ونقل التلفزيون الرسمي عن الرئيس قوله: «سنعيد إعمار كل ما دمرته الحرب».",
            &[],
            &[("سنعيد إعمار كل ما دمرته الحرب", Some("الرئيس"))],
        ),
        (
            "\"This is unacceptable\", she added.",
            &[],
            &[("This is unacceptable", Some("she"))],
        ),
        // A quoted name after إن, no colon: not speech.
        ("وقال إن عملية “السهم الذهبي” مستمرة.", &[], &[]),
        (
            "وقال الوزير: «لا تعليق».",
            &[],
            &[("لا تعليق", Some("الوزير"))],
        ),
        (
            "وأعلن الناطق العسكري باسم الحوثيين يحيى سريع في بيان متلفز أن \"القوات استهدفت سفينة في البحر الأحمر\".",
            &[("يحيى سريع", per)],
            &[("القوات استهدفت سفينة في البحر الأحمر", Some("يحيى سريع"))],
        ),
        (
            "«لن نقبل بأي تسوية على حساب حقوقنا»، قالت حركة حماس في بيان.",
            &[("حركة حماس", org)],
            &[("لن نقبل بأي تسوية على حساب حقوقنا", Some("حركة حماس"))],
        ),
        // وفقا / بحسب after a quote attribute it like a verb.
        (
            "\"الاحتياطيات الأجنبية ارتفعت بنسبة 3% خلال الربع الأول\"، وفقا لبيان البنك المركزي.",
            &[("البنك المركزي", org)],
            &[(
                "الاحتياطيات الأجنبية ارتفعت بنسبة 3% خلال الربع الأول",
                Some("البنك المركزي"),
            )],
        ),
        (
            "\"The economy grew by 4% last year,\" according to the central bank.",
            &[],
            &[(
                "The economy grew by 4% last year,",
                Some("the central bank"),
            )],
        ),
        // A short quote after إن is speech; a participle (مضيفا) continues the speaker.
        (
            "وقال الوزير إن \"الاقتصاد قوي\"، مضيفا أن \"التضخم تحت السيطرة تماما\".",
            &[],
            &[
                ("الاقتصاد قوي", Some("الوزير")),
                ("التضخم تحت السيطرة تماما", Some("الوزير")),
            ],
        ),
        (
            "وقال بيان صادر عن الديوان الملكي: «انتقل إلى رحمة الله تعالى صاحب السمو الأمير».",
            &[("الديوان الملكي", org)],
            &[(
                "انتقل إلى رحمة الله تعالى صاحب السمو الأمير",
                Some("الديوان الملكي"),
            )],
        ),
        // A name glued to لـ (لـ«الشرق الأوسط») is the outlet, not a quote.
        (
            "وفي تصريح لـ«الشرق الأوسط»، قال الخبير الاقتصادي فضل البوعينين إن «أسعار النفط ستبقى مرتفعة خلال الربع المقبل».",
            &[("فضل البوعينين", per)],
            &[(
                "أسعار النفط ستبقى مرتفعة خلال الربع المقبل",
                Some("فضل البوعينين"),
            )],
        ),
        (
            "وقالت السفارة الأمريكية في بيان على منصة \"إكس\": «ندين بشدة هذا الهجوم».",
            &[("السفارة الأمريكية", org)],
            &[("ندين بشدة هذا الهجوم", Some("السفارة الأمريكية"))],
        ),
    ];
    crate::snippet_score::assert_snippets(
        "quotes",
        cases.iter().map(|(text, entities, want)| {
            let got: Vec<(String, Option<String>)> = quotes(text, entities)
                .into_iter()
                .map(|(t, speaker, _)| (t, speaker))
                .collect();
            let want = want
                .iter()
                .map(|(t, s)| ((*t).to_owned(), s.map(str::to_owned)))
                .collect();
            ((*text).to_owned(), got, want)
        }),
    );
}

/// `speech_kind` as written before the hashed lookup: scans of the three lists.
fn speech_kind_by_scan(folded: &str) -> Option<Speech> {
    let bare = folded
        .strip_prefix(['و', 'ف'])
        .filter(|r| r.chars().count() >= 3)
        .unwrap_or(folded);
    let is = |list: &[&str]| list.contains(&folded) || list.contains(&bare);
    if is(VERBS) {
        Some(Speech::Verb)
    } else if is(WEAK_VERBS) {
        Some(Speech::Weak)
    } else if PARTICIPLES.contains(&bare) {
        Some(Speech::Participle)
    } else {
        None
    }
}

#[test]
fn hashed_speech_lists_answer_as_the_list_scans() {
    let mut words: Vec<String> = Vec::new();
    for list in [VERBS, WEAK_VERBS, PARTICIPLES] {
        for w in list {
            for prefix in ["", "و", "ف", "ب", "وو"] {
                words.push(format!("{prefix}{w}"));
            }
            let mut chars = w.chars();
            chars.next_back();
            words.push(chars.as_str().to_owned());
        }
    }
    words.extend(["", "و", "فقال", "وقا", "قالوا", "الوزير"].map(str::to_owned));
    for word in &words {
        assert_eq!(speech_kind(word), speech_kind_by_scan(word), "{word}");
    }
}

#[test]
fn a_straight_mark_that_closes_a_word_opens_no_quote() {
    // The first mark closes a quote whose opener was lost (or sits on an earlier line):
    // opening there would pair every later mark the wrong way.
    let text = "حديث في هذا الموضوع\". وعن هذه الأقاويل التي صاحبت تواجد المدير، أجاب المعيبد قائلا: \"لا يوجد خلاف بين الدائرة واللجنة\".";
    assert_eq!(
        quotes(text, &[]),
        vec![q(
            "لا يوجد خلاف بين الدائرة واللجنة",
            Some("المعيبد"),
            Some("أجاب")
        )]
    );
    let text = "فعاليات الشركة سياحية\" في ثلاثة مواقع هي: حديقة أبها الجديدة، إضافة إلى \"الباص السياحي\" الذي ينقل الزوار";
    assert_eq!(quotes(text, &[]), vec![]);
}

/// The quotes' texts alone.
fn texts(text: &str, entities: &[(&str, EntityKind)]) -> Vec<String> {
    quotes(text, entities)
        .into_iter()
        .map(|(t, _, _)| t)
        .collect()
}

/// The speaker of the only quote.
fn speaker(text: &str, entities: &[(&str, EntityKind)]) -> Option<String> {
    let got = quotes(text, entities);
    assert_eq!(got.len(), 1, "{text}: {got:?}");
    got.into_iter().next().and_then(|(_, s, _)| s)
}

#[test]
fn a_short_quote_is_speech_only_with_the_verb_right_after_it() {
    // Words between the name and the verb: the verb belongs to the next clause.
    assert_eq!(
        texts(
            "فيما بلغ سعر «كيلو البامية» 40 جنيها، قالت ربة منزل: «هذه آخر حبات طماطم نشتريها».",
            &[]
        ),
        vec!["هذه آخر حبات طماطم نشتريها"]
    );
    // A verb glued to the name without a comma has the name as its subject.
    assert_eq!(
        texts(
            "\"سبق\" تقول للمسؤول: \"من ذمتي إلى ذمتكم يا أبناء الوطن\"",
            &[]
        ),
        vec!["من ذمتي إلى ذمتكم يا أبناء الوطن"]
    );
    assert_eq!(
        texts("لماذا \"الاستهتار\" بحق، ورأي المواطن؟", &[]),
        Vec::<String>::new()
    );
    // A comma and then the verb: speech.
    assert_eq!(
        quotes("«لا تعليق»، قال الوزير.", &[]),
        vec![q("لا تعليق", Some("الوزير"), Some("قال"))]
    );
}

#[test]
fn a_reversed_closer_after_a_word_opens_no_quote() {
    assert_eq!(
        texts(
            "وأكد أن الدعم سيتراجع تدريجيا”. وقال المزروعي، إن “القرار سيضع الإمارات على مسار الدول الصحيحة”.",
            &[]
        ),
        vec!["القرار سيضع الإمارات على مسار الدول الصحيحة"]
    );
}

#[test]
fn a_verb_in_the_next_sentence_does_not_attribute() {
    let text = "وقال تاماس فارجا المحلل في لندن “تأثرت الأسعار بزيادة مخزون الخام الأمريكي.” وتعلن إدارة معلومات الطاقة الأمريكية اليوم تقريرها.";
    assert_eq!(
        speaker(
            text,
            &[
                ("تاماس فارجا", EntityKind::Per),
                ("إدارة معلومات الطاقة الأمريكية", EntityKind::Org)
            ]
        )
        .as_deref(),
        Some("تاماس فارجا")
    );
    // A question mark inside the quote does not end the sentence before the verb.
    assert_eq!(
        speaker("«هل هذا هو العدل الذي تريدونه؟»، تساءل الوزير.", &[]).as_deref(),
        Some("الوزير")
    );
}

#[test]
fn speaker_phrase_skips_objects_and_stops_at_participles() {
    assert_eq!(
        speaker(
            "وأوضح ذلك المتحدث الرسمي باسم الوزارة، أن «العمل سيستمر حتى نهاية العام».",
            &[]
        )
        .as_deref(),
        Some("المتحدث الرسمي باسم الوزارة")
    );
    assert_eq!(
        speaker(
            "الشعر الذي قال عنه الخليفة عمر بن الخطاب: «عليكم بالشعر فإنه ديوان العرب».",
            &[]
        )
        .as_deref(),
        Some("الخليفة عمر بن الخطاب")
    );
    assert_eq!(
        speaker(
            "وأضاف رسوبولوس معلقا: «يمكن أن يجذب ذلك النشاط التجاري».",
            &[]
        )
        .as_deref(),
        Some("رسوبولوس")
    );
}

#[test]
fn long_titles_keep_the_name() {
    assert_eq!(
        speaker(
            "وقال وزير الخارجية السعودي عادل الجبير: «المملكة لن تسمح بالتدخل في شؤونها».",
            &[]
        )
        .as_deref(),
        Some("وزير الخارجية السعودي عادل الجبير")
    );
    assert_eq!(
        speaker(
            "وقال المتحدث الرسمي باسم وزارة الداخلية اللواء منصور التركي: «تم القبض على المتهمين».",
            &[
                ("وزارة الداخلية", EntityKind::Org),
                ("منصور التركي", EntityKind::Per)
            ]
        )
        .as_deref(),
        Some("منصور التركي")
    );
}

#[test]
fn the_outlet_spoken_to_is_no_speaker() {
    assert_eq!(
        speaker(
            "وقال مصدر مسؤول لوكالة الأنباء السعودية إن «المملكة تدين هذا العمل الإجرامي».",
            &[("وكالة الأنباء السعودية", EntityKind::Org)]
        )
        .as_deref(),
        Some("مصدر مسؤول")
    );
    assert_eq!(
        quotes(
            "قال الوزير: «نريد الانتخابات هذا العام». وأضاف في تصريح لـ«الشرق الأوسط»: «لا بديل عن الحوار الوطني».",
            &[("الشرق الأوسط", EntityKind::Org)]
        )
        .into_iter()
        .map(|(_, s, _)| s)
        .collect::<Vec<_>>(),
        vec![Some("الوزير".to_owned()), Some("الوزير".to_owned())]
    );
}

#[test]
fn the_spokesman_of_an_organization_is_the_name_after_it() {
    assert_eq!(
        speaker(
            "وقال المتحدث باسم البنتاغون جيف ديفيس في بيان: «إن الفضلي كان داعما بارزا للقاعدة».",
            &[("البنتاغون", EntityKind::Org)]
        )
        .as_deref(),
        Some("جيف ديفيس")
    );
}

#[test]
fn yudhkar_anna_is_no_speech() {
    // يذكر أن: "it is worth noting that", not a speaker's words.
    assert_eq!(
        texts("يذكر أن «العينية» يشهد مشاركة حرفيين.", &[]),
        Vec::<String>::new()
    );
    assert_eq!(
        texts("ويذكر أن \"آي.أيه.جي\" تمتلك شركة بريتش أيروايز.", &[]),
        Vec::<String>::new()
    );
}
