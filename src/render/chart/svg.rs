//! A small SVG writer: just what the charts need, with every piece of text
//! escaped, numbers written with a fixed number of decimals (so the same input
//! gives the same bytes), and the accessibility parts every chart has.

use std::fmt::Write as _;

/// Okabe and Ito's colour-blind-safe palette (blue, orange, bluish green,
/// reddish purple, sky blue, vermillion), in the order charts use it.
pub const PALETTE: [&str; 6] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
];
/// Text and axes.
pub const INK: &str = "#222222";
/// Grid lines and frames.
pub const GRID: &str = "#d0d0d0";
pub const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
/// Font size of labels, in pixels.
pub const FONT_SIZE: f64 = 13.0;
/// A generous average width of one character at [`FONT_SIZE`], for layout:
/// wide enough that text never runs into its neighbour.
pub const CHAR_WIDTH: f64 = 7.6;

/// An SVG document being written.
pub struct Svg {
    out: String,
    width: f64,
    height: f64,
    /// The ids of the hatch patterns defined so far.
    hatches: Vec<String>,
}

/// How a bar or a key's swatch is painted: solid for what was reported,
/// hatched and outlined for a hypothetical, so the two differ in print and in
/// greyscale, not only in colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look<'a> {
    Solid(&'a str),
    Hatched(&'a str),
}

impl<'a> Look<'a> {
    pub fn of(colour: &'a str, hypothetical: bool) -> Look<'a> {
        if hypothetical {
            Look::Hatched(colour)
        } else {
            Look::Solid(colour)
        }
    }
}

fn hatch_id(colour: &str) -> String {
    format!("hatch-{}", colour.trim_start_matches('#'))
}

/// `&`, `<`, `>`, `"` and `'` as entities, and control characters
/// [`visible`](crate::render::export::escape::visible) (XML does not allow most of
/// them, and a bidirectional override would reorder what a reader sees).
pub fn escape(text: &str) -> String {
    let text = crate::render::export::escape::visible(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with one decimal.
pub fn n(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    let text = format!("{x:.1}");
    // -0.0 prints as "-0.0"; keep bytes stable.
    if text == "-0.0" { "0.0".into() } else { text }
}

/// Words of `text` in lines of at most `max` characters (a longer word gets a
/// line of its own).
pub fn wrap_words(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

impl Svg {
    /// Starts a document of `width` × `height` with its title and description
    /// (read by screen readers, and shown as a tooltip by browsers).
    pub fn new(width: f64, height: f64, title: &str, description: &str) -> Svg {
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" \
             height=\"{h}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" \
             font-family=\"{font}\" font-size=\"{size}\">\n\
             <title id=\"chart-title\">{title}</title>\n<desc id=\"chart-desc\">{desc}</desc>\n\
             <rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n",
            w = n(width),
            h = n(height),
            font = escape(FONT),
            size = n(FONT_SIZE),
            title = escape(title),
            desc = escape(description),
        );
        Svg {
            out,
            width,
            height,
            hatches: Vec::new(),
        }
    }

    pub fn width(&self) -> f64 {
        self.width
    }

    pub fn height(&self) -> f64 {
        self.height
    }

    /// Text at (x, y); `anchor` is start, middle or end.
    pub fn text(&mut self, x: f64, y: f64, anchor: &str, text: &str, extra: &str) {
        let _ = writeln!(
            self.out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{INK}\"{extra}>{}</text>",
            n(x),
            n(y),
            escape(text)
        );
    }

    pub fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, fill: &str, label: &str) {
        self.shape(x, y, width, height, Look::Solid(fill), label);
    }

    /// A rectangle drawn solid, or hatched and outlined (a hypothetical).
    pub fn shape(&mut self, x: f64, y: f64, width: f64, height: f64, look: Look, label: &str) {
        let paint = match look {
            Look::Solid(fill) => format!("fill=\"{fill}\""),
            Look::Hatched(colour) => {
                self.hatch(colour);
                format!(
                    "fill=\"url(#{})\" stroke=\"{colour}\" stroke-width=\"1.5\"",
                    hatch_id(colour)
                )
            }
        };
        let _ = writeln!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {paint}><title>{}</title></rect>",
            n(x),
            n(y),
            n(width.max(0.0)),
            n(height.max(0.0)),
            escape(label)
        );
    }

    /// The fill that hatches in `colour`.
    pub fn hatched(&mut self, colour: &str) -> String {
        self.hatch(colour);
        format!("url(#{})", hatch_id(colour))
    }

    /// Defines the hatching in `colour` the first time it is used.
    fn hatch(&mut self, colour: &str) {
        let id = hatch_id(colour);
        if self.hatches.contains(&id) {
            return;
        }
        let _ = writeln!(
            self.out,
            "<defs><pattern id=\"{id}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
             patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>\
             <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{colour}\" stroke-width=\"2.5\"/>\
             </pattern></defs>"
        );
        self.hatches.push(id);
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, extra: &str) {
        let _ = writeln!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\"{extra}/>",
            n(x1),
            n(y1),
            n(x2),
            n(y2)
        );
    }

    /// A polyline through `points`.
    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, extra: &str) {
        let list: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
            .collect();
        let _ = writeln!(
            self.out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{stroke}\"{extra}/>",
            list.join(" ")
        );
    }

    pub fn circle(&mut self, x: f64, y: f64, r: f64, fill: &str, stroke: &str, label: &str) {
        let _ = writeln!(
            self.out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" \
             stroke-width=\"2\"><title>{}</title></circle>",
            n(x),
            n(y),
            n(r),
            escape(label)
        );
    }

    /// Raw markup, for the few shapes not above.
    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
        self.out.push('\n');
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_numbers_are_stable() {
        assert_eq!(
            escape("A & B <c> \"d\""),
            "A &amp; B &lt;c&gt; &quot;d&quot;"
        );
        assert_eq!(n(1.25), "1.2"); // round half to even, as Rust formats
        assert_eq!(n(-0.01), "0.0");
        assert_eq!(n(f64::NAN), "0.0");
    }

    #[test]
    fn words_wrap_at_the_limit() {
        assert_eq!(
            wrap_words(
                "UK–Rwanda Migration and Economic Development Partnership",
                20
            ),
            [
                "UK–Rwanda Migration",
                "and Economic",
                "Development",
                "Partnership"
            ]
        );
    }
}
