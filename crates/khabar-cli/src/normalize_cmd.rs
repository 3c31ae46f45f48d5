//! `khabar normalize`: one normalized line out for every line in.

use std::io::{BufRead, BufWriter, Write};

use anyhow::{Context, Result, bail};

use crate::args::{NormalizeArgs, ProfileArg};

fn normalize_line(line: &str, profile: ProfileArg, lang: &str) -> String {
    let layer = match profile {
        ProfileArg::Clean => khabar_normalize::Layer::Clean,
        ProfileArg::Search => khabar_normalize::Layer::Search,
    };
    khabar_normalize::normalize_line(line, layer, Some(lang))
}

/// Where the output stands between lines: a line's newline is written when the next line
/// comes (or at the end, if the input's last line had one), so the output ends with a
/// newline exactly where the input did, and lines of two files never join.
#[derive(Default)]
struct LineEnds {
    /// A line was written and its newline is not yet.
    open: bool,
    /// That line had a newline in the input.
    had_newline: bool,
}

fn filter(
    reader: &mut dyn BufRead,
    name: &str,
    args: &NormalizeArgs,
    out: &mut dyn Write,
    ends: &mut LineEnds,
) -> Result<()> {
    let mut buf = Vec::new();
    let mut line_number = 0u64;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .with_context(|| format!("reading {name}"))?;
        if n == 0 {
            return Ok(());
        }
        line_number += 1;
        let had_newline = buf.last() == Some(&b'\n');
        if had_newline {
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
        }
        let text = match std::str::from_utf8(&buf) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(e) if args.lossy => {
                let _ = e;
                String::from_utf8_lossy(&buf)
            }
            Err(e) => bail!(
                "{name}:{line_number}: invalid UTF-8 at byte {} (use --lossy to replace it)",
                e.valid_up_to()
            ),
        };
        if ends.open {
            out.write_all(b"\n")?;
        }
        out.write_all(normalize_line(&text, args.profile, &args.lang).as_bytes())?;
        *ends = LineEnds {
            open: true,
            had_newline,
        };
    }
}

/// Runs the filter over the files (or stdin) and returns the exit code.
pub fn normalize(args: &NormalizeArgs) -> Result<u8> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut ends = LineEnds::default();
    if args.files.is_empty() {
        let stdin = std::io::stdin();
        filter(&mut stdin.lock(), "<stdin>", args, &mut out, &mut ends)?;
    } else {
        for path in &args.files {
            // A file that cannot be opened is the user's to fix: exit 2, as for `khabar run`.
            let usage =
                |why: String| crate::UsageError::Message(format!("{}: {why}", path.display()));
            if path.is_dir() {
                return Err(usage("is a directory, not a text file".to_owned()).into());
            }
            let file = std::fs::File::open(path).map_err(|e| usage(e.to_string()))?;
            let mut reader = std::io::BufReader::new(file);
            filter(
                &mut reader,
                &path.display().to_string(),
                args,
                &mut out,
                &mut ends,
            )?;
        }
    }
    if ends.open && ends.had_newline {
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(crate::EXIT_OK)
}
