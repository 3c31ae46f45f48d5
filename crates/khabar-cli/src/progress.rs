//! The progress bar on stderr, and the one-line summary that is always printed.

use std::time::Duration;

use indicatif::{DecimalBytes, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Progress of a run, shown on stderr when it is a terminal and `--quiet` is off.
pub struct Progress {
    bar: ProgressBar,
    /// Documents a resumed run's checkpoint had already counted: not done at this run's rate.
    documents_before: u64,
}

impl Progress {
    /// A bar over `total_bytes` of input (a spinner when the total is unknown), for a run
    /// whose checkpoint had already counted `documents_before` documents.
    #[must_use]
    pub fn new(total_bytes: Option<u64>, quiet: bool, documents_before: u64) -> Self {
        let bar = match total_bytes {
            Some(total) => ProgressBar::new(total),
            None => ProgressBar::no_length(),
        };
        // indicatif's stderr target draws nothing when stderr is not a terminal.
        let target = if quiet {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr_with_hz(4)
        };
        bar.set_draw_target(target);
        let template = if total_bytes.is_some() {
            "{spinner} [{elapsed_precise}] {wide_bar} {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta} {msg}"
        } else {
            "{spinner} [{elapsed_precise}] {decimal_bytes} {decimal_bytes_per_sec} {msg}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(250));
        Self {
            bar,
            documents_before,
        }
    }

    /// Updates bytes read and the document and reject counts.
    pub fn update(&self, bytes_read: u64, documents: u64, rejects: u64) {
        // The reader's count can run past the size on disk (an archive's directory is read
        // apart from its members): a bar past 100% with ETA 0s helps nobody.
        let position = self
            .bar
            .length()
            .map_or(bytes_read, |total| bytes_read.min(total));
        self.bar.set_position(position);
        let secs = self.bar.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{documents} docs ({:.0}/s), {rejects} rejects",
            documents.saturating_sub(self.documents_before) as f64 / secs
        ));
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// `khabar: 31030 documents, 354 rejects, 12.3 s, 95.21 MB of text at 7.7 MB/s`: the size
/// and the rate in the same (decimal) unit, so one divides into the other. A resumed run
/// (`text_bytes_before` from its checkpoint) gives its rate over the text it read itself.
#[must_use]
pub fn summary_line(
    documents: u64,
    rejects: u64,
    elapsed_secs: f64,
    text_bytes: u64,
    text_bytes_before: u64,
) -> String {
    let this_run = text_bytes.saturating_sub(text_bytes_before);
    let mb_per_s = this_run as f64 / 1e6 / elapsed_secs.max(1e-9);
    let text = if text_bytes_before > 0 {
        format!(
            "{} of text, {} of it in this resumed run",
            DecimalBytes(text_bytes),
            DecimalBytes(this_run)
        )
    } else {
        format!("{} of text", DecimalBytes(text_bytes))
    };
    format!(
        "khabar: {documents} documents, {rejects} rejects, {elapsed_secs:.1} s, {text} at {mb_per_s:.1} MB/s"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_gives_size_and_rate_in_one_unit() {
        let line = summary_line(31_030, 354, 10.0, 95_210_000, 0);
        assert_eq!(
            line,
            "khabar: 31030 documents, 354 rejects, 10.0 s, 95.21 MB of text at 9.5 MB/s"
        );
    }

    #[test]
    fn a_resumed_run_gives_the_rate_of_its_own_work() {
        let line = summary_line(31_030, 354, 2.0, 95_210_000, 75_210_000);
        assert_eq!(
            line,
            "khabar: 31030 documents, 354 rejects, 2.0 s, 95.21 MB of text, 20.00 MB of it in this resumed run at 10.0 MB/s"
        );
        let progress = Progress::new(None, true, 1000);
        progress.update(0, 1000, 0);
        assert!(progress.bar.message().starts_with("1000 docs (0/s)"));
    }

    #[test]
    fn the_bar_never_runs_past_its_total() {
        let progress = Progress::new(Some(100), true, 0);
        progress.update(150, 3, 0);
        assert_eq!(progress.bar.position(), 100);
        progress.update(40, 3, 0);
        assert_eq!(progress.bar.position(), 40);
        let spinner = Progress::new(None, true, 0);
        spinner.update(150, 3, 0);
        assert_eq!(spinner.bar.position(), 150);
    }
}
