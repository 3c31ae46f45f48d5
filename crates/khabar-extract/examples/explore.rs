#![allow(missing_docs, clippy::unwrap_used)]
use khabar_extract::*;
use std::time::Instant;
fn main() {
    let data = std::fs::read_to_string("/tmp/snn_sample.txt").unwrap();
    let docs: Vec<&str> = data.split('\x1e').collect();
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    let mode = std::env::args().nth(1).unwrap_or_default();
    let published = Some(1_437_436_800_000_000i64); // 2015-07-21
    let de = DateExtractor::new();
    let ae = AmountExtractor::new();
    let qe = QuoteExtractor::new();
    let t = Instant::now();
    let mut n = 0usize;
    let analyses: Vec<Analysis> = docs.iter().map(|d| analyze(d)).collect();
    let ta = t.elapsed().as_secs_f64();
    println!("analyze: {:.1} MB/s", bytes as f64 / ta / 1e6);
    let t = Instant::now();
    for d in &docs {
        n += de.extract(d, published, Some("ara")).len();
    }
    let td = t.elapsed().as_secs_f64();
    println!("dates {n}: {:.1} MB/s", bytes as f64 / td / 1e6);
    let t = Instant::now();
    let mut n = 0;
    for (d, a) in docs.iter().zip(&analyses) {
        n += ae.extract(d, a).len();
    }
    let tm = t.elapsed().as_secs_f64();
    println!("amounts {n}: {:.1} MB/s", bytes as f64 / tm / 1e6);
    let t = Instant::now();
    let mut n = 0;
    for (d, a) in docs.iter().zip(&analyses) {
        n += qe.extract(d, a, &[]).len();
    }
    let tq = t.elapsed().as_secs_f64();
    println!("quotes {n}: {:.1} MB/s", bytes as f64 / tq / 1e6);
    println!("d+a+q: {:.1} MB/s", bytes as f64 / (td + tm + tq) / 1e6);
    let ex = Extractor::new();
    let t = Instant::now(); let mut n = 0;
    for (d, a) in docs.iter().zip(&analyses) { let r = ex.extract(d, a, published, Some("ara"), &[]); n += r.dates.len() + r.amounts.len() + r.quotes.len(); }
    println!("combined {n}: {:.1} MB/s", bytes as f64 / t.elapsed().as_secs_f64() / 1e6);
    let t = Instant::now();
    let mut n = 0;
    for d in &docs {
        if detect_language(d) == Some("ara") {
            n += 1;
        }
    }
    println!(
        "lang ara {n}/{}: {:.1} MB/s",
        docs.len(),
        bytes as f64 / t.elapsed().as_secs_f64() / 1e6
    );
    if mode == "dates" {
        for d in docs.iter().take(300) {
            for m in de.extract(d, published, Some("ara")) {
                println!(
                    "{}\t{:?}\t{}\t{}",
                    m.text,
                    m.value,
                    m.precision.as_str(),
                    m.calendar.as_str()
                );
            }
        }
    }
    if mode == "amounts" {
        for (d, a) in docs.iter().zip(&analyses).take(150) {
            for m in ae.extract(d, a) {
                println!("{}\t{}\t{:?}", m.text, m.value, m.unit);
            }
        }
    }
    if mode == "quotes" {
        for (d, a) in docs.iter().zip(&analyses).take(150) {
            for m in qe.extract(d, a, &[]) {
                println!(
                    "{}\t|| {:?}\t{:?}",
                    m.text.chars().take(60).collect::<String>(),
                    m.speaker,
                    m.verb
                );
            }
        }
    }
    if mode == "sent" {
        for (d, a) in docs.iter().zip(&analyses).take(20) {
            for s in &a.sentences {
                println!("<{}>", s.text(d).chars().take(100).collect::<String>());
            }
        }
    }
}
