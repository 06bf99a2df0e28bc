/*!
Problems found in a scenario file, and how they are shown to a person.

Every check in [`crate::load`] records a [`Diagnostic`] (a byte span, what is
wrong, and how to fix it) instead of stopping, so `costcalc check` can list every
problem at once. [`FileReport`] ties the diagnostics to the file's path and text
and renders each one in the form editors and terminals understand:

```text
scenarios/bad.toml:12:1: unknown key `ammount` in [[cost]]
   |
12 | ammount = 5
   | ^^^^^^^
   = help: did you mean `amount`?
```

The file's text is shown [`visible`]: a control character in a line or a
value is written as its escape (`\u{1b}`), never sent to the terminal.
*/

use std::fmt::Write as _;
use std::ops::Range;

use crate::render::export::escape::visible;

/// Which text a diagnostic's span points into: 0 is the report's own file;
/// `n` is [`FileReport::related`]`[n - 1]` (a file it extends, a `--set` argument).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin(pub u16);

impl Origin {
    /// The file the report is about.
    pub const FILE: Origin = Origin(0);
}

/// Whether a diagnostic stops the file being used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Severity {
    /// The file cannot be used until it is fixed.
    #[default]
    Error,
    /// The file is used, but a figure looks odd and is worth checking against
    /// its source (removals above planned capacity, say): shown, never fatal.
    Warning,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte range in the text of `origin`; `None` for problems that concern the
    /// whole file (it cannot be read, a metric overflows).
    pub span: Option<Range<usize>>,
    pub origin: Origin,
    /// What is wrong, in one sentence without a trailing full stop.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
    pub severity: Severity,
}

impl Diagnostic {
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            span: Some(span),
            origin: Origin::FILE,
            message: message.into(),
            help: None,
            severity: Severity::Error,
        }
    }

    pub fn whole_file(message: impl Into<String>) -> Self {
        Diagnostic {
            span: None,
            origin: Origin::FILE,
            message: message.into(),
            help: None,
            severity: Severity::Error,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same finding as a warning: shown with the errors, labelled
    /// `warning:`, and the file is still used.
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// The same problem, in the text of `origin`.
    pub fn in_origin(mut self, origin: Origin) -> Self {
        self.origin = origin;
        self
    }
}

/// The diagnostics of one file, with what is needed to show them.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as the user wrote it (or `builtin:NAME` for shipped scenarios).
    pub path: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Other texts the diagnostics may point into, numbered from [`Origin`] 1.
    pub related: Vec<RelatedText>,
}

/// A text a scenario was made from besides its own file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedText {
    /// A path, or the `--set` argument itself.
    pub name: String,
    pub text: String,
    pub kind: TextKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A scenario file that the report's file extends (directly or not).
    Parent,
    /// A command-line argument such as `--set PATH=VALUE`, with its flag;
    /// `text` is `PATH=VALUE`.
    Argument(&'static str),
}

/// 1-based line and column (in characters, as editors count) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    // A byte-order mark at the start of the file takes no column.
    let col = text[line_start..offset]
        .trim_start_matches('\u{feff}')
        .chars()
        .count()
        + 1;
    (line, col)
}

/// [`line_col`] for the diagnostics of one report, which are rendered in
/// order of text and offset: lines are counted on from the last diagnostic's
/// place, not from the start of the file each time, so a file with thousands
/// of problems renders in time linear in its size.
#[derive(Default)]
struct LineCounter {
    origin: Option<Origin>,
    offset: usize,
    line: usize,
}

impl LineCounter {
    fn line_col(&mut self, origin: Origin, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        if self.origin != Some(origin) || offset < self.offset {
            *self = LineCounter {
                origin: Some(origin),
                offset: 0,
                line: 1,
            };
        }
        self.line += text[self.offset..offset].matches('\n').count();
        self.offset = offset;
        // The column counts only within the line.
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let (_, col) = line_col(&text[line_start..], offset - line_start);
        (self.line, col)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl FileReport {
    /// A report on one file's own text.
    pub fn new(
        path: impl Into<String>,
        text: impl Into<String>,
        diagnostics: Vec<Diagnostic>,
    ) -> Self {
        FileReport {
            path: path.into(),
            text: text.into(),
            diagnostics,
            related: Vec::new(),
        }
    }

    /// Renders every diagnostic, in the order they appear in the file (the
    /// file's own problems first, then those of the texts it was made from).
    pub fn render(&self, style: &Style) -> String {
        let mut diagnostics: Vec<&Diagnostic> = self.diagnostics.iter().collect();
        diagnostics.sort_by_key(|d| (d.origin, d.span.as_ref().map_or(0, |s| s.start)));
        let mut out = String::new();
        let mut lines = LineCounter::default();
        for diagnostic in diagnostics {
            self.render_one(diagnostic, style, &mut out, &mut lines);
        }
        out
    }

    fn render_one(
        &self,
        diagnostic: &Diagnostic,
        style: &Style,
        out: &mut String,
        lines: &mut LineCounter,
    ) {
        let related = usize::from(diagnostic.origin.0)
            .checked_sub(1)
            .and_then(|i| self.related.get(i));
        // Errors are known by their place alone (as compilers print them);
        // a warning says it is one, since the file is still used.
        let label = match diagnostic.severity {
            Severity::Error => String::new(),
            Severity::Warning => format!(
                "{}warning:{} ",
                style.warning.render(),
                style.warning.render_reset()
            ),
        };
        let header = |out: &mut String, location: &str| {
            let _ = writeln!(
                out,
                "{}{}:{} {label}{}{}{}",
                style.location.render(),
                visible(location),
                style.location.render_reset(),
                style.message.render(),
                visible(&diagnostic.message),
                style.message.render_reset()
            );
        };
        let Some(span) = &diagnostic.span else {
            header(out, &self.path);
            if let Some(help) = &diagnostic.help {
                let _ = writeln!(out, "  = help: {}", visible(help));
            }
            return;
        };
        // Where the problem was written: the file, a file it extends, or a
        // `--set` argument (shown as typed, with no line number).
        let mut prefix = String::new();
        let text = related.map_or(self.text.as_str(), |related| related.text.as_str());
        let (line, col) = lines.line_col(diagnostic.origin, text, span.start);
        let (text, note) = match related {
            None => {
                header(out, &format!("{}:{line}:{col}", self.path));
                (self.text.as_str(), None)
            }
            Some(related) if related.kind == TextKind::Parent => {
                header(out, &format!("{}:{line}:{col}", related.name));
                let note = format!("{} extends {}", self.path, related.name);
                (related.text.as_str(), Some(note))
            }
            Some(related) => {
                let flag = match related.kind {
                    TextKind::Argument(flag) => flag,
                    TextKind::Parent => "",
                };
                header(out, &format!("{}: {flag} {}", self.path, related.name));
                prefix = format!("{flag} ");
                (related.text.as_str(), None)
            }
        };
        let line_start = text[..floor_char_boundary(text, span.start.min(text.len()))]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let source_line = text[line_start..].split('\n').next().unwrap_or("");
        let gutter = " ".repeat(line.to_string().len());
        // The caret covers the span but never runs past the end of the first line.
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.min(text.len())).max(start);
        let spanned = &text[start..end];
        let spanned_first_line = spanned.split('\n').next().unwrap_or("");
        let width = visible(spanned_first_line).chars().count().max(1);
        let number = if prefix.is_empty() {
            line.to_string()
        } else {
            gutter.clone()
        };
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(
            out,
            "{number} | {}{}",
            visible(&prefix),
            visible(source_line.trim_end_matches('\r'))
        );
        // Tabs stay tabs under the line, so the caret lines up however wide the
        // terminal draws them; a control character takes as many spaces as its
        // escape.
        let pad: String = visible(&prefix)
            .chars()
            .chain(
                visible(
                    &source_line
                        .chars()
                        .filter(|c| *c != '\u{feff}')
                        .take(col - 1)
                        .collect::<String>(),
                )
                .chars(),
            )
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let caret = match diagnostic.severity {
            Severity::Error => style.caret,
            Severity::Warning => style.warning,
        };
        let _ = writeln!(
            out,
            "{gutter} | {pad}{}{}{}",
            caret.render(),
            "^".repeat(width),
            caret.render_reset()
        );
        if let Some(note) = note {
            let _ = writeln!(out, "{gutter} = note: {}", visible(&note));
        }
        if let Some(help) = &diagnostic.help {
            let _ = writeln!(out, "{gutter} = help: {}", visible(help));
        }
    }
}

/// Colours for diagnostics; [`Style::plain`] for none. Whether colour reaches the
/// terminal is decided by `anstream` (NO_COLOR, CLICOLOR, and whether stderr is a
/// terminal), so rendering always asks for it.
pub struct Style {
    location: anstyle::Style,
    message: anstyle::Style,
    caret: anstyle::Style,
    warning: anstyle::Style,
}

impl Style {
    pub fn plain() -> Self {
        Style {
            location: anstyle::Style::new(),
            message: anstyle::Style::new(),
            caret: anstyle::Style::new(),
            warning: anstyle::Style::new(),
        }
    }

    pub fn coloured() -> Self {
        Style {
            location: anstyle::Style::new().bold(),
            message: anstyle::Style::new().bold(),
            caret: anstyle::AnsiColor::Red.on_default().bold(),
            warning: anstyle::AnsiColor::Yellow.on_default().bold(),
        }
    }
}

/// "did you mean" for a misspelt word: the closest candidate, if it is close enough
/// to be a plausible typo rather than a different word.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        // "né = 1\nab" : `a` of line 2 is byte 8 ('é' is two bytes) -> line 2, column 1.
        let text = "né = 1\nab";
        assert_eq!(line_col(text, 8), (2, 1));
        // `=` is byte 4 -> line 1, column 4 (n, é, space, then =).
        assert_eq!(line_col(text, 4), (1, 4));
    }

    #[test]
    fn renders_location_source_line_caret_and_help() {
        let report = FileReport::new(
            "x.toml",
            "name = \"a\"\nammount = 5\n",
            vec![
                Diagnostic::at(11..18, "unknown key `ammount`").with_help("did you mean `amount`?"),
            ],
        );
        assert_eq!(
            report.render(&Style::plain()),
            "x.toml:2:1: unknown key `ammount`\n  |\n2 | ammount = 5\n  | ^^^^^^^\n  = help: did you mean `amount`?\n"
        );
    }

    #[test]
    fn a_warning_is_labelled_as_one() {
        // `removals` is bytes 11..19 of line 2; its value `125` starts at byte 22, column 12.
        let report = FileReport::new(
            "x.toml",
            "[outcomes]\nremovals = 125\n",
            vec![Diagnostic::at(22..25, "removals is odd").as_warning()],
        );
        assert_eq!(
            report.render(&Style::plain()),
            "x.toml:2:12: warning: removals is odd\n  |\n2 | removals = 125\n  |            ^^^\n"
        );
    }

    #[test]
    fn the_caret_follows_tabs() {
        let report = FileReport::new(
            "x.toml",
            "\tammount = 5\n",
            vec![Diagnostic::at(1..8, "unknown key `ammount`")],
        );
        assert!(
            report
                .render(&Style::plain())
                .contains("1 | \tammount = 5\n  | \t^^^^^^^\n")
        );
    }

    #[test]
    fn suggests_only_close_words() {
        assert_eq!(closest("ammount", ["amount", "basis"]), Some("amount"));
        assert_eq!(closest("zebra", ["amount", "basis"]), None);
    }
}
