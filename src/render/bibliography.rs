/*!
A [`Bibliography`] in the three forms of `costcalc sources`: a table to read,
BibTeX for LaTeX, and CSL-JSON for Zotero and Pandoc.

Both machine forms give each work the same key ([`keys`]), so `[@nao-2024]`
cites the same work whichever file a writer feeds Pandoc. BibTeX entries are
biblatex `@online` entries (its `urldate` holds `accessed`); every field but
`url` has the TeX specials escaped, and non-ASCII text stays UTF-8, which
biber and Zotero read. CSL-JSON is written by serde_json.
*/

use std::fmt::Write as _;

use comfy_table::{Cell, ContentArrangement, Table};
use serde_json::{Value, json};

use super::export::TableOptions;
use super::export::escape::visible;
use crate::analysis::bibliography::Bibliography;
use crate::model::Date;

/// The key of each entry, in order: its id with every character that a
/// BibTeX key cannot hold made `-` (`UK/Rwanda 2024` → `UK-Rwanda-2024`), made
/// unique by `-2`, `-3`... (BibTeX compares keys without regard to case).
pub fn keys(bibliography: &Bibliography) -> Vec<String> {
    let mut taken: Vec<String> = Vec::with_capacity(bibliography.entries.len());
    let mut keys = Vec::with_capacity(bibliography.entries.len());
    for cited in &bibliography.entries {
        let mut base: String = cited
            .source
            .id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        // A key may not start with `-` or `:` (biblatex reads it as a name).
        if !base.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            base.insert_str(0, "source");
        }
        let mut key = base.clone();
        let mut n = 2;
        while taken.contains(&key.to_lowercase()) {
            key = format!("{base}-{n}");
            n += 1;
        }
        taken.push(key.to_lowercase());
        keys.push(key);
    }
    keys
}

/// The table of `costcalc sources`: one row per work, then a line per clash.
pub fn table(bibliography: &Bibliography, options: &TableOptions) -> String {
    if bibliography.entries.is_empty() {
        return "No sources: the scenarios list no [[source]] tables.\n".to_string();
    }
    let mut table = Table::new();
    table.load_style(super::export::TABLE_STYLE);
    match options.width {
        Some(width) => {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(width);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    let header = [
        "id",
        "title",
        "publisher",
        "date",
        "accessed",
        "cited by",
        "url",
    ];
    table.set_header(header.map(|name| {
        let cell = Cell::new(name);
        if options.styled {
            cell.add_attribute(comfy_table::Attribute::Bold)
        } else {
            cell
        }
    }));
    let date = |date: Option<Date>| date.map_or(String::new(), |d| d.to_string());
    for cited in &bibliography.entries {
        let s = &cited.source;
        // Text from the files: shown, never obeyed by the terminal.
        table.add_row([
            visible(&s.id).into_owned(),
            visible(&s.title).into_owned(),
            visible(s.publisher.as_deref().unwrap_or("")).into_owned(),
            date(s.date),
            date(s.accessed),
            visible(&cited.cited_by.join("; ")).into_owned(),
            visible(s.url.as_deref().unwrap_or("")).into_owned(),
        ]);
    }
    let mut out = table.to_string();
    out.push('\n');
    let works = bibliography.entries.len();
    let _ = writeln!(
        out,
        "{works} {}; `--format bibtex` or `--format csl-json` for a reference manager",
        if works == 1 { "source" } else { "sources" }
    );
    out
}

/// The bibliography as biblatex `@online` entries, one blank line apart.
pub fn bibtex(bibliography: &Bibliography) -> String {
    let mut out = String::new();
    for (cited, key) in bibliography.entries.iter().zip(keys(bibliography)) {
        let s = &cited.source;
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(out, "@online{{{key},");
        let mut field = |name: &str, value: String| {
            let _ = writeln!(out, "  {name:<12} = {{{value}}},");
        };
        field("title", tex(&s.title));
        if let Some(publisher) = &s.publisher {
            field("organization", tex(publisher));
        }
        if let Some(date) = s.date {
            field("date", date.to_string());
        }
        if let Some(url) = &s.url {
            field("url", url_field(url));
        }
        if let Some(accessed) = s.accessed {
            field("urldate", accessed.to_string());
        }
        out.push_str("}\n");
    }
    out
}

/// `text` for a BibTeX field in braces: each TeX special character escaped
/// (`&` → `\&`, `\` → `\textbackslash{}`), control characters first made
/// [`visible`] (`\u{1b}`, its backslash then escaped), and a line break a
/// space, as BibTeX joins lines anyway. Braces become `\textbraceleft{}` and
/// `\textbraceright{}`, not `\{` and `\}`: BibTeX and biber count every
/// brace, backslash or not, to find where a field ends, so a title with one
/// `}` escaped as `\}` would end its field there and break the file.
pub fn tex(text: &str) -> String {
    let text = visible(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A web address for biblatex's `url` field, which is read verbatim: TeX
/// escapes would become part of the address, so the characters that would
/// end the field or break the file (braces, backslash, spaces, control
/// characters) are percent-encoded instead, which leaves the address the same.
fn url_field(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if matches!(c, '{' | '}' | '\\') || c.is_whitespace() || c.is_control() {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The bibliography as a CSL-JSON array, pretty-printed, ending in a newline.
pub fn csl_json(bibliography: &Bibliography) -> Vec<u8> {
    let items: Vec<Value> = bibliography
        .entries
        .iter()
        .zip(keys(bibliography))
        .map(|(cited, key)| {
            let s = &cited.source;
            let mut item = serde_json::Map::new();
            item.insert("id".into(), json!(key));
            // Only the address is known for sure: a page on the web, or else
            // a document.
            let kind = if s.url.is_some() {
                "webpage"
            } else {
                "document"
            };
            item.insert("type".into(), json!(kind));
            item.insert("title".into(), json!(s.title));
            if let Some(publisher) = &s.publisher {
                item.insert("publisher".into(), json!(publisher));
            }
            if let Some(url) = &s.url {
                item.insert("URL".into(), json!(url));
            }
            if let Some(date) = s.date {
                item.insert("issued".into(), date_parts(date));
            }
            if let Some(accessed) = s.accessed {
                item.insert("accessed".into(), date_parts(accessed));
            }
            Value::Object(item)
        })
        .collect();
    let mut bytes = serde_json::to_vec_pretty(&items).unwrap_or_else(|_| b"[]".to_vec());
    bytes.push(b'\n');
    bytes
}

/// A CSL date: `{"date-parts": [[2024, 7, 22]]}`.
fn date_parts(date: Date) -> Value {
    json!({ "date-parts": [[date.year, date.month, date.day]] })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::bibliography::Cited;
    use crate::model::Source;

    fn of(ids: &[&str]) -> Bibliography {
        Bibliography {
            entries: ids
                .iter()
                .map(|id| Cited {
                    source: Source {
                        id: id.to_string(),
                        title: "t".into(),
                        url: None,
                        publisher: None,
                        date: None,
                        accessed: None,
                    },
                    cited_by: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn keys_are_bibtex_safe_and_unique_regardless_of_case() {
        // "a b" and "a/b" both become "a-b"; "A-B" is the same key to BibTeX.
        assert_eq!(
            keys(&of(&[
                "a b",
                "a/b",
                "A-B",
                "-x",
                "ministère",
                "nao.2024:v2"
            ])),
            [
                "a-b",
                "a-b-2",
                "A-B-3",
                "source-x",
                "minist-re",
                "nao.2024:v2"
            ]
        );
    }

    #[test]
    fn every_tex_special_is_escaped_and_other_text_kept() {
        assert_eq!(
            tex(r"{a} \ 50% & $1 #2 _3 ^4 ~5 Genève"),
            r"\textbraceleft{}a\textbraceright{} \textbackslash{} 50\% \& \$1 \#2 \_3 \textasciicircum{}4 \textasciitilde{}5 Genève"
        );
        // ESC is shown as \u{1b}, whose backslash and braces are then escaped.
        assert_eq!(
            tex("x\u{1b}[2J"),
            r"x\textbackslash{}u\textbraceleft{}1b\textbraceright{}[2J"
        );
        assert_eq!(tex("line\nbreak"), "line break");
    }

    /// Whether every brace of `field` is matched, counted as BibTeX counts
    /// them: a backslash before a brace does not stop it counting.
    fn balanced_as_bibtex_counts(field: &str) -> bool {
        let mut depth = 0i32;
        for c in field.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if depth < 0 {
                return false;
            }
        }
        depth == 0
    }

    #[test]
    fn a_lone_brace_in_a_title_cannot_end_the_field() {
        // `}` escaped as `\}` would close `title = {...}` for BibTeX and biber,
        // which count braces whatever precedes them; the rest of the title
        // would then be read as more fields.
        for title in ["a } b", "x}, note = {y", "{{{", "}{"] {
            let field = tex(title);
            assert!(balanced_as_bibtex_counts(&field), "{title:?} -> {field}");
        }
    }

    #[test]
    fn an_address_keeps_its_meaning_and_cannot_end_the_field() {
        // %7D is `}`, %20 a space, %5C a backslash; an existing %41 stays.
        assert_eq!(
            url_field("https://x.org/a}b c\\d?e=%41"),
            "https://x.org/a%7Db%20c%5Cd?e=%41"
        );
    }
}
