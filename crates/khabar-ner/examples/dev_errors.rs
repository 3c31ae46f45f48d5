#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
// Temporary: prints dev-split errors (not committed).
use khabar_core::EntityKind;
use khabar_ner::{EntityRecognizer, Model, TrainOptions, dev_split, train_with_autolex};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let conll = std::fs::read_to_string(&args[0]).unwrap();
    let autolex = std::fs::read_to_string(&args[1]).unwrap();
    let k: usize = args[2].parse().unwrap();
    let at = |k: usize| if k == 0 { 0 } else { dev_split(&conll, 1.0 - k as f64 / 10.0).0.len() };
    let (start, end) = (at(k), at(k + 1));
    let train_owned = format!("{}{}", &conll[..start], &conll[end..]);
    let dev_part = &conll[start..end];
    let model = train_with_autolex(&train_owned, &TrainOptions::default(), &autolex).unwrap();
    let model = Model::from_bytes(&model.to_bytes()).unwrap();
    let rec = EntityRecognizer::with_model_and_autolex(model, &autolex).unwrap();
    let mut sentences: Vec<Vec<(String, String)>> = vec![vec![]];
    for line in dev_part.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !sentences.last().unwrap().is_empty() { sentences.push(vec![]); }
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() < 2 || khabar_ner::fold_key(fields[0]).is_empty() { continue; }
        let (word, tag) = (fields[0].to_string(), fields[fields.len()-1].to_string());
        let end = matches!(khabar_ner::fold_key(&word).as_str(), "." | "!" | "?" | "؟");
        sentences.last_mut().unwrap().push((word, tag));
        if end { sentences.push(vec![]); }
    }
    for group in sentences.chunks(20) {
        let mut raw = String::new();
        let mut spans = vec![];
        let mut owner = vec![];
        for (si, s) in group.iter().enumerate() {
            if si > 0 { raw.push(' '); }
            for (k, (w, _)) in s.iter().enumerate() {
                if k > 0 { raw.push(' '); }
                let a = raw.chars().count();
                raw.push_str(w);
                spans.push((a, raw.chars().count()));
                owner.push((si, k));
            }
        }
        let cleaned = khabar_normalize::clean(&raw, Some("ara"));
        let analysis = khabar_extract::analyze(&cleaned.text);
        let mut pred: Vec<Vec<String>> = group.iter().map(|s| vec!["O".to_string(); s.len()]).collect();
        for m in rec.recognize(&cleaned.text, &analysis, Some("ara")) {
            if m.kind == EntityKind::Norp { continue; }
            let (s, e) = cleaned.offsets.raw_span(m.start as usize, m.end as usize);
            let Some(first) = spans.iter().position(|&(a, b)| a < e && s < b) else { continue };
            let Some(last) = spans.iter().rposition(|&(a, b)| a < e && s < b) else { continue };
            let kind = match m.kind { EntityKind::Per => "PERS", EntityKind::Loc => "LOC", EntityKind::Org => "ORG", _ => "MISC" };
            for t in first..=last {
                let (si, k) = owner[t];
                pred[si][k] = format!("{}-{kind}", if t == first { "B" } else { "I" });
            }
        }
        for (si, s) in group.iter().enumerate() {
            let gold: Vec<&str> = s.iter().map(|(_, t)| t.as_str()).collect();
            let p: Vec<&str> = pred[si].iter().map(String::as_str).collect();
            if gold != p {
                print!("[{}] ", sentences.len());
                let line: Vec<String> = s.iter().zip(&p).map(|((w, g), p)| {
                    if g == p { if g == "O" { w.clone() } else { format!("[{w} {g}]") } }
                    else { format!("{{{w} g:{g} p:{p}}}") }
                }).collect();
                println!("{}\n", line.join(" "));
            }
        }
    }
}
